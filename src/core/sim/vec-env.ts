import { checkEnvConfig, MAX_DELAY_BARS, type EnvConfig } from './env-config.js';
import { copyObsRow, writePositionSlots } from './position-slots.js';
import type { Rng } from './rng.js';
import { lastDecisionBar, simSeriesOf, type SimSeries } from './sim-series.js';
import { OBS_SIZE, type SeriesWindow } from './training-series.js';

/** Slots of each env's ring of chosen targets: enough to look MAX_DELAY_BARS decisions back. */
const RING = MAX_DELAY_BARS + 1;

/**
 * N trading environments stepped together over typed arrays (docs/simulation.md).
 *
 * Each env plays episodes on the given windows: a decision at bar t picks a target position
 * (ACTIONS: short, flat, long); with an execution delay of d bars the target chosen at t − d is
 * what the env trades to at bar t, and only while the market is open at bar t (a closed stock
 * market keeps the position, the order waits). The position held over t → t+1 earns
 * reward_t = (nextLogReturn_t / σ) · position · 100 − cost_t / σ · 100, where
 * cost_t = |Δposition| · (commission + slippage + volFactor · ATR/close) is charged at bar t.
 *
 * An episode starts at a random bar of a window chosen by market blend and length, with a flat
 * position, and ends after `episodeBars` decisions, at a data gap or at the window end, whichever
 * comes first; the env then starts its next episode at once. Costs and delay are drawn per
 * episode when randomisation is on. Everything random comes from the Rng given, so equal seeds
 * give equal trajectories. A step allocates nothing.
 */
export class VecEnv {
  readonly numEnvs: number;
  /** numEnvs × OBS_SIZE: each env's current observation (reused between steps). */
  readonly obs: Float32Array;

  private readonly rewards: Float32Array;
  private readonly dones: Uint8Array;
  private readonly result: { obs: Float32Array; rewards: Float32Array; dones: Uint8Array };

  private readonly sims: SimSeries[];
  /** The windows episodes are drawn from (those where one can start). */
  private readonly windows: SeriesWindow[];
  /** Per window: its SimSeries index, start and end. */
  private readonly windowSeries: Int32Array;
  private readonly windowStart: Int32Array;
  private readonly windowEnd: Int32Array;
  /** Per market group (0 stock, 1 crypto): window indices and cumulative length weights. */
  private readonly groupWindows: Int32Array[];
  private readonly groupCumWeight: Float64Array[];

  // Per env state.
  private readonly envSeries: Int32Array;
  private readonly envWindow: Int32Array;
  private readonly bar: Int32Array;
  private readonly lastBar: Int32Array;
  private readonly stepInEpisode: Int32Array;
  private readonly position: Int8Array;
  private readonly entryPrice: Float64Array;
  private readonly openBar: Int32Array;
  private readonly targets: Int8Array;
  private readonly shortAllowed: Uint8Array;
  private readonly commission: Float64Array;
  private readonly slippage: Float64Array;
  private readonly delay: Int32Array;
  private readonly episodeReward: Float64Array;

  // Episode statistics since the last drain.
  private episodes = 0;
  private rewardSum = 0;
  private lengthSum = 0;

  constructor(
    windows: SeriesWindow[],
    numEnvs: number,
    private readonly config: EnvConfig,
    private readonly rng: Rng,
  ) {
    checkEnvConfig(config);
    if (!Number.isInteger(numEnvs) || numEnvs < 1)
      throw new RangeError(`VecEnv: numEnvs must be a whole number ≥ 1, got ${numEnvs}`);
    const { sims, indexOf } = simSeriesOf(windows);
    this.sims = sims;
    // Windows where no episode can start (fewer than 2 bars in every segment) are left out.
    const usable = windows.map((w, k) => (countStarts(sims[indexOf[k]], w.start, w.end) > 0 ? k : -1));
    const kept = usable.filter((k) => k >= 0);
    if (kept.length === 0) {
      const names = [...new Set(windows.map((w) => `${w.series.symbol} ${w.series.interval}`))].join(', ');
      throw new RangeError(
        `VecEnv: no window holds two consecutive bars to trade over (${windows.length} window(s) of ${names || 'no series'})`,
      );
    }
    this.windows = kept.map((k) => windows[k]);
    this.windowSeries = Int32Array.from(kept, (k) => indexOf[k]);
    this.windowStart = Int32Array.from(kept, (k) => windows[k].start);
    this.windowEnd = Int32Array.from(kept, (k) => windows[k].end);
    this.groupWindows = [0, 1].map((group) =>
      Int32Array.from(
        kept.map((_, j) => j).filter((j) => (sims[this.windowSeries[j]].isStock ? 0 : 1) === group),
      ),
    );
    this.groupCumWeight = this.groupWindows.map((list) => {
      const cum = new Float64Array(list.length);
      let total = 0;
      list.forEach((j, i) => (cum[i] = total += this.windowEnd[j] - this.windowStart[j]));
      return cum;
    });

    this.numEnvs = numEnvs;
    this.obs = new Float32Array(numEnvs * OBS_SIZE);
    this.rewards = new Float32Array(numEnvs);
    this.dones = new Uint8Array(numEnvs);
    this.result = { obs: this.obs, rewards: this.rewards, dones: this.dones };
    this.envSeries = new Int32Array(numEnvs);
    this.envWindow = new Int32Array(numEnvs);
    this.bar = new Int32Array(numEnvs);
    this.lastBar = new Int32Array(numEnvs);
    this.stepInEpisode = new Int32Array(numEnvs);
    this.position = new Int8Array(numEnvs);
    this.entryPrice = new Float64Array(numEnvs);
    this.openBar = new Int32Array(numEnvs);
    this.targets = new Int8Array(numEnvs * RING);
    this.shortAllowed = new Uint8Array(numEnvs);
    this.commission = new Float64Array(numEnvs);
    this.slippage = new Float64Array(numEnvs);
    this.delay = new Int32Array(numEnvs);
    this.episodeReward = new Float64Array(numEnvs);
    this.reset();
  }

  /** Starts a new episode in every env; returns the observations (the `obs` buffer). */
  reset(): Float32Array {
    for (let k = 0; k < this.numEnvs; k++) this.startEpisode(k);
    return this.obs;
  }

  /**
   * One decision per env (action indices of ACTIONS). Returns the reused buffers: the next
   * observations, the rewards of this step and which envs finished an episode (those are already
   * reset, and `obs` holds the first observation of their new episode).
   */
  step(actions: Int32Array): { obs: Float32Array; rewards: Float32Array; dones: Uint8Array } {
    const n = this.numEnvs;
    if (actions.length < n) throw new RangeError(`VecEnv.step: ${actions.length} actions for ${n} envs`);
    const volFactor = this.config.costs.slippageVolFactor;
    const sims = this.sims;
    for (let k = 0; k < n; k++) {
      const a = actions[k];
      if (!(a === 0 || a === 1 || a === 2))
        throw new RangeError(`VecEnv.step: action ${a} of env ${k} is not 0 (short), 1 (flat) or 2 (long)`);
      const s = sims[this.envSeries[k]];
      const t = this.bar[k];
      let target = a - 1;
      if (target < 0 && this.shortAllowed[k] === 0) target = 0;
      // The ring keeps the last RING targets; the one chosen `delay` decisions ago is due now.
      const step = this.stepInEpisode[k];
      const ring = k * RING;
      this.targets[ring + (step % RING)] = target;
      const d = this.delay[k];
      const due = step >= d ? this.targets[ring + ((step - d) % RING)] : 0;
      const previous = this.position[k];
      const held = s.marketOpen[t] === 1 ? due : previous;
      let cost = 0;
      if (held !== previous) {
        const change = held > previous ? held - previous : previous - held;
        cost = change * (this.commission[k] + this.slippage[k] + volFactor * s.atrOverClose[t]);
        this.position[k] = held;
        if (held !== 0) {
          this.entryPrice[k] = s.close[t];
          this.openBar[k] = t;
        }
      }
      const reward = (s.nextLogReturn[t] * held - cost) * s.rewardScale;
      this.rewards[k] = reward;
      this.episodeReward[k] += reward;
      this.stepInEpisode[k] = step + 1;
      if (t >= this.lastBar[k]) {
        this.episodes++;
        this.rewardSum += this.episodeReward[k];
        this.lengthSum += step + 1;
        this.dones[k] = 1;
        this.startEpisode(k);
      } else {
        const next = t + 1;
        this.bar[k] = next;
        this.dones[k] = 0;
        copyObsRow(s.obs, next, this.obs, k);
        writePositionSlots(
          this.obs,
          k,
          held,
          s.close[next],
          this.entryPrice[k],
          s.atr[next],
          next - this.openBar[k],
        );
      }
    }
    return this.result;
  }

  /** Episodes finished since the last drain, their mean total reward and mean length (NaN when none). */
  drainEpisodeStats(): { episodes: number; meanReward: number; meanLength: number } {
    const out = {
      episodes: this.episodes,
      meanReward: this.episodes > 0 ? this.rewardSum / this.episodes : Number.NaN,
      meanLength: this.episodes > 0 ? this.lengthSum / this.episodes : Number.NaN,
    };
    this.episodes = 0;
    this.rewardSum = 0;
    this.lengthSum = 0;
    return out;
  }

  /** The generator's state (checkpoints store it; episodes drawn after a restore repeat). */
  get rngState(): number {
    return this.rng.state;
  }

  set rngState(value: number) {
    this.rng.state = value;
  }

  /** Env k's episode as it stands (tests and diagnostics; allocates). */
  envState(k: number): {
    window: SeriesWindow;
    bar: number;
    lastBar: number;
    position: number;
    entryPrice: number;
    commission: number;
    slippage: number;
    delay: number;
  } {
    return {
      window: this.windows[this.envWindow[k]],
      bar: this.bar[k],
      lastBar: this.lastBar[k],
      position: this.position[k],
      entryPrice: this.entryPrice[k],
      commission: this.commission[k],
      slippage: this.slippage[k],
      delay: this.delay[k],
    };
  }

  private startEpisode(k: number): void {
    const rng = this.rng;
    // Market group by the blend, falling back to the other group when one has no windows.
    let group = rng.next() < this.config.cryptoShare ? 1 : 0;
    if (this.groupWindows[group].length === 0) group = 1 - group;
    const list = this.groupWindows[group];
    const cum = this.groupCumWeight[group];
    const u = rng.next() * cum[cum.length - 1];
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    const w = list[lo];
    const s = this.sims[this.windowSeries[w]];
    const wStart = this.windowStart[w];
    const wEnd = this.windowEnd[w];
    // A uniform start; a bar that is the last of its segment cannot start an episode, so the
    // next bar that can (cyclically within the window) is taken instead.
    const span = wEnd - 1 - wStart;
    let start = wStart + rng.int(span);
    for (let tries = 0; lastDecisionBar(s, start, wEnd) < start; tries++) {
      start = start + 1 < wEnd - 1 ? start + 1 : wStart;
      if (tries > span) throw new Error('VecEnv: a usable window has no episode start (bug)');
    }
    const last = lastDecisionBar(s, start, wEnd);
    const capped = start + this.config.episodeBars - 1;

    const costs = this.config.costs;
    const rand = this.config.randomize;
    let commission = costs.commission;
    let slippage = costs.slippageBps / 1e4;
    let delay = costs.delayBars;
    if (rand) {
      commission = Math.max(0, commission + rng.uniform(-rand.commission, rand.commission));
      slippage = Math.max(0, slippage + rng.uniform(-rand.slippage, rand.slippage));
      delay += rng.int(2 * rand.delayBars + 1) - rand.delayBars;
      delay = delay < 0 ? 0 : delay > MAX_DELAY_BARS ? MAX_DELAY_BARS : delay;
    }

    this.envSeries[k] = this.windowSeries[w];
    this.envWindow[k] = w;
    this.bar[k] = start;
    this.lastBar[k] = capped < last ? capped : last;
    this.stepInEpisode[k] = 0;
    this.position[k] = 0;
    this.entryPrice[k] = Number.NaN;
    this.openBar[k] = start;
    this.shortAllowed[k] = s.isStock && !this.config.allowShortStocks ? 0 : 1;
    this.commission[k] = commission;
    this.slippage[k] = slippage;
    this.delay[k] = delay;
    this.episodeReward[k] = 0;
    copyObsRow(s.obs, start, this.obs, k);
    writePositionSlots(this.obs, k, 0, s.close[start], Number.NaN, s.atr[start], 0);
  }
}

/** Bars of [start, end) an episode can start at (at least one bar after them in the same segment and window). */
function countStarts(s: SimSeries, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) if (lastDecisionBar(s, i, end) >= i) count++;
  return count;
}
