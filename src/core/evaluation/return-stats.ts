/**
 * Statistics of a series of simple per-step returns (fractions), shared by one series' stats and
 * the overall portfolio. Equity compounds from 1: E₀ = 1, Eᵢ₊₁ = Eᵢ · (1 + rᵢ).
 */

/** Below this a standard deviation is floating-point noise of returns that do not vary (e.g. all 0). */
const NO_VARIATION = 1e-14;

export interface RiskAdjusted {
  sharpe: number;
  sortino: number;
}

/**
 * Annualised Sharpe and Sortino ratios of per-step returns, with no risk-free rate:
 * - Sharpe = mean / std × √stepsPerYear, std the sample standard deviation (n − 1);
 * - Sortino = mean / downside deviation × √stepsPerYear, downside deviation = √(Σ min(r, 0)² / n)
 *   over all n steps (target return 0, Sortino & Price).
 * Each is 0 when its denominator is 0 (returns that do not vary, or no losing step: the ratio is
 * unbounded and JSON has no Infinity) and when there are fewer than two returns.
 */
export function riskAdjusted(returns: ArrayLike<number>, stepsPerYear: number): RiskAdjusted {
  const n = returns.length;
  if (n < 2) return { sharpe: 0, sortino: 0 };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += returns[i];
  const mean = sum / n;
  let squares = 0;
  let downside = 0;
  for (let i = 0; i < n; i++) {
    const r = returns[i];
    const d = r - mean;
    squares += d * d;
    if (r < 0) downside += r * r;
  }
  const std = Math.sqrt(squares / (n - 1));
  const downsideDeviation = Math.sqrt(downside / n);
  const annualise = Math.sqrt(stepsPerYear);
  return {
    sharpe: std > NO_VARIATION ? (mean / std) * annualise : 0,
    sortino: downsideDeviation > NO_VARIATION ? (mean / downsideDeviation) * annualise : 0,
  };
}

/** Compounded total return: Π(1 + rᵢ) − 1. */
export function compoundedReturn(returns: ArrayLike<number>): number {
  let equity = 1;
  for (let i = 0; i < returns.length; i++) equity *= 1 + returns[i];
  return equity - 1;
}

/**
 * Largest peak-to-trough fall of the compounded equity curve, as a positive fraction of the peak
 * (0.25 = equity fell 25% below its high). The starting equity counts as a peak.
 */
export function maxDrawdown(returns: ArrayLike<number>): number {
  let equity = 1;
  let peak = 1;
  let worst = 0;
  for (let i = 0; i < returns.length; i++) {
    equity *= 1 + returns[i];
    if (equity > peak) peak = equity;
    else {
      const fall = (peak - equity) / peak;
      if (fall > worst) worst = fall;
    }
  }
  return worst;
}
