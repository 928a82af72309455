/**
 * Settings of the trading environment: trading costs, execution delay, per-episode domain
 * randomisation, the stock short rule, episode length and the crypto/stock blend. docs/simulation.md
 * explains each one; the defaults follow the product brief.
 */

export interface CostConfig {
  /** Fraction of equity per unit of position change (0.001 = 0.1%; a long → short flip is 2 units). */
  commission: number;
  /** Fixed slippage in basis points per unit of position change. */
  slippageBps: number;
  /** Volatility-scaled slippage: this × ATR-14 / close of the bar, per unit of position change. */
  slippageVolFactor: number;
  /** Bars between choosing a target and holding it (0: filled at the decision bar's close). */
  delayBars: number;
}

/** Half-widths of the uniform per-episode draws around the cost settings. */
export interface RandomizationConfig {
  /** Commission ± this (fraction), clipped at 0. */
  commission: number;
  /** Fixed slippage ± this (fraction, 0.0005 = 5 bps), clipped at 0. */
  slippage: number;
  /** Delay ± this many whole bars, clipped to [0, MAX_DELAY_BARS]. */
  delayBars: number;
}

export interface EnvConfig {
  costs: CostConfig;
  /** Per-episode randomisation of the costs and delay; null keeps them fixed. */
  randomize: RandomizationConfig | null;
  /** false: a stock's short action means flat (crypto may always short). */
  allowShortStocks: boolean;
  /** Longest episode in decision steps (an episode also ends at a data gap or the window end). */
  episodeBars: number;
  /** Share of episodes drawn from crypto windows (0..1); the rest from stock windows. */
  cryptoShare: number;
}

/** The longest execution delay the environment keeps pending orders for. */
export const MAX_DELAY_BARS = 4;

export const defaultCostConfig: CostConfig = {
  commission: 0.001,
  slippageBps: 1,
  slippageVolFactor: 0.02,
  delayBars: 0,
};

export const defaultRandomization: RandomizationConfig = {
  commission: 0.001,
  slippage: 0.0005,
  delayBars: 1,
};

export const defaultEnvConfig: EnvConfig = {
  costs: defaultCostConfig,
  randomize: defaultRandomization,
  allowShortStocks: true,
  episodeBars: 512,
  cryptoShare: 0.7,
};

/** Throws a RangeError naming the first setting out of range (a config from a user or a file). */
export function checkEnvConfig(config: EnvConfig): void {
  const { costs, randomize } = config;
  const nonNegative: [string, number][] = [
    ['costs.commission', costs.commission],
    ['costs.slippageBps', costs.slippageBps],
    ['costs.slippageVolFactor', costs.slippageVolFactor],
  ];
  if (randomize) {
    nonNegative.push(
      ['randomize.commission', randomize.commission],
      ['randomize.slippage', randomize.slippage],
      ['randomize.delayBars', randomize.delayBars],
    );
  }
  for (const [name, value] of nonNegative) {
    if (!(value >= 0) || !Number.isFinite(value))
      throw new RangeError(`env config: ${name} must be a finite number ≥ 0, got ${value}`);
  }
  if (!Number.isInteger(costs.delayBars) || costs.delayBars < 0 || costs.delayBars > MAX_DELAY_BARS)
    throw new RangeError(
      `env config: costs.delayBars must be a whole number of bars in 0..${MAX_DELAY_BARS}, got ${costs.delayBars}`,
    );
  if (randomize && !Number.isInteger(randomize.delayBars))
    throw new RangeError(`env config: randomize.delayBars must be whole bars, got ${randomize.delayBars}`);
  if (!Number.isInteger(config.episodeBars) || config.episodeBars < 1)
    throw new RangeError(`env config: episodeBars must be a whole number ≥ 1, got ${config.episodeBars}`);
  if (!(config.cryptoShare >= 0 && config.cryptoShare <= 1))
    throw new RangeError(`env config: cryptoShare must be in 0..1, got ${config.cryptoShare}`);
}

/** Cost of one unit of position change at a bar, as a fraction of equity. */
export function unitCost(costs: CostConfig, atrOverClose: number): number {
  const vol = Number.isFinite(atrOverClose) ? atrOverClose : 0;
  return costs.commission + costs.slippageBps / 1e4 + costs.slippageVolFactor * vol;
}
