import type { BarColumns } from '../../store/bar-columns.js';
import { atr } from '../kernels/atr.js';

/** ATR period of the fitted mean ATR (the observation's ATR is atr_14 too). */
export const NORMALIZATION_ATR_PERIOD = 14;

/**
 * Per-symbol statistics fit on one window [fitFrom, fitTo) only: every number here comes from the
 * bars opened inside the window, never from one before or after it (the training window's
 * statistics must not see the test window, nor the past beyond what is stated).
 */
export interface NormalizationStats {
  /** Inclusive start, UTC ms. */
  fitFrom: number;
  /** Exclusive end, UTC ms. */
  fitTo: number;
  /** Bars in the window. */
  bars: number;
  /** Mean of ln(close_t / close_{t−1}) over consecutive bars both inside the window. */
  meanLogReturn: number;
  /** Population standard deviation of those log returns. */
  stdLogReturn: number;
  /** Mean of ATR-14 computed on the window's bars alone (its warm-up starts at the window). */
  meanAtr: number;
  /** Mean close. */
  meanPrice: number;
}

/**
 * Fits the statistics on the bars of `bars` opened in [fitFrom, fitTo). Non-finite returns (a zero
 * or missing close) are skipped. Throws when the window holds fewer than `NORMALIZATION_ATR_PERIOD
 * + 2` bars, naming the window: statistics of a handful of bars would scale everything wrongly.
 */
export function fitNormalization(bars: BarColumns, fitFrom: number, fitTo: number): NormalizationStats {
  if (!(fitFrom < fitTo))
    throw new RangeError(`normalisation window is empty: from ${fitFrom} is not before to ${fitTo}`);
  const { time } = bars;
  let start = 0;
  while (start < time.length && time[start] < fitFrom) start++;
  let end = start;
  while (end < time.length && time[end] < fitTo) end++;
  const n = end - start;
  const minBars = NORMALIZATION_ATR_PERIOD + 2;
  if (n < minBars) {
    throw new RangeError(
      `normalisation window ${new Date(fitFrom).toISOString()}..${new Date(fitTo).toISOString()} holds ${n} bars; ` +
        `at least ${minBars} are needed`,
    );
  }
  const close = bars.close.subarray(start, end);

  // Welford's running mean and variance: one pass, no cancellation on long windows.
  let count = 0;
  let mean = 0;
  let m2 = 0;
  for (let i = 1; i < n; i++) {
    const r = Math.log(close[i] / close[i - 1]);
    if (!Number.isFinite(r)) continue;
    count++;
    const delta = r - mean;
    mean += delta / count;
    m2 += delta * (r - mean);
  }
  let priceSum = 0;
  let priceCount = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(close[i])) {
      priceSum += close[i];
      priceCount++;
    }
  }
  const atrValues = atr(
    bars.high.subarray(start, end),
    bars.low.subarray(start, end),
    close,
    NORMALIZATION_ATR_PERIOD,
  );
  let atrSum = 0;
  let atrCount = 0;
  for (const a of atrValues) {
    if (Number.isFinite(a)) {
      atrSum += a;
      atrCount++;
    }
  }
  return {
    fitFrom,
    fitTo,
    bars: n,
    meanLogReturn: count > 0 ? mean : Number.NaN,
    stdLogReturn: count > 0 ? Math.sqrt(m2 / count) : Number.NaN,
    meanAtr: atrCount > 0 ? atrSum / atrCount : Number.NaN,
    meanPrice: priceCount > 0 ? priceSum / priceCount : Number.NaN,
  };
}

/**
 * z-scored log returns as in the product brief: z_t = (ln(P_t / P_{t−1}) − μ) / σ with the fitted
 * μ and σ; NaN at the first bar. A σ of 0 (a window of constant prices) gives NaN rather than ±∞.
 */
export function zScoredLogReturns(
  close: Float64Array,
  stats: Pick<NormalizationStats, 'meanLogReturn' | 'stdLogReturn'>,
  out: Float64Array = new Float64Array(close.length),
): Float64Array {
  const { meanLogReturn: mu, stdLogReturn: sigma } = stats;
  if (close.length > 0) out[0] = Number.NaN;
  for (let i = 1; i < close.length; i++) out[i] = zScoredLogReturn(close[i - 1], close[i], mu, sigma);
  return out;
}

/** One z-scored log return (the observation builder's per-bar form of zScoredLogReturns). */
export function zScoredLogReturn(previousClose: number, close: number, mu: number, sigma: number): number {
  return sigma > 0 ? (Math.log(close / previousClose) - mu) / sigma : Number.NaN;
}
