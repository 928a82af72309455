import type { Database } from 'better-sqlite3';
import { readTickerSentiments } from '../store/news-repo.js';

export interface SentimentWindow {
  /** Headlines published in [t − lookbackMs, t) count at bar time t. */
  lookbackMs: number;
  /** A headline's weight halves every halfLifeMs of age; Infinity weighs all equally. */
  halfLifeMs: number;
}

/**
 * The news sentiment feature of a ticker at each bar time: the recency-weighted mean of the
 * scores of headlines published STRICTLY BEFORE t and within the look-back, weight
 * 2^(−age / halfLife). A headline stamped exactly at t is not known at t. NaN where no headline
 * falls in the window, so "no news" stays distinct from "neutral news" (a model fills it, e.g. 0).
 *
 * `times` must be non-decreasing (bar times are). One query and two pointers over the window:
 * with exponential weights the mean depends only on which headlines are in the window (the age
 * factor 2^(−t/halfLife) cancels between numerator and denominator), so it is recomputed only
 * when a headline enters or leaves, not for every bar.
 */
export function sentimentAt(
  db: Database,
  ticker: string,
  times: Float64Array,
  window: SentimentWindow,
): Float64Array {
  const { lookbackMs, halfLifeMs } = window;
  if (!(lookbackMs > 0)) throw new RangeError(`sentimentAt: lookbackMs must be > 0 (got ${lookbackMs})`);
  if (!(halfLifeMs > 0)) throw new RangeError(`sentimentAt: halfLifeMs must be > 0 (got ${halfLifeMs})`);
  const out = new Float64Array(times.length).fill(Number.NaN);
  if (times.length === 0) return out;
  for (let i = 1; i < times.length; i++) {
    if (!(times[i] >= times[i - 1]))
      throw new RangeError(
        `sentimentAt: bar times must be non-decreasing (index ${i}: ${times[i]} after ${times[i - 1]})`,
      );
  }
  const first = times[0];
  const last = times[times.length - 1];
  const { publishedAt, sentiment } = readTickerSentiments(db, ticker, first - lookbackMs, last);
  const decayPerMs = Number.isFinite(halfLifeMs) ? Math.LN2 / halfLifeMs : 0;

  let start = 0; // first headline still inside the window
  let end = 0; // one past the last headline published before t
  let value = Number.NaN;
  let windowChanged = true;
  for (let b = 0; b < times.length; b++) {
    const t = times[b];
    while (end < publishedAt.length && publishedAt[end] < t) {
      end++;
      windowChanged = true;
    }
    while (start < end && publishedAt[start] < t - lookbackMs) {
      start++;
      windowChanged = true;
    }
    if (windowChanged) {
      value = weightedMean(publishedAt, sentiment, start, end, decayPerMs);
      windowChanged = false;
    }
    out[b] = value;
  }
  return out;
}

/** Mean of sentiment[start..end) weighted by e^(decay·(p − newest)): weights ≤ 1, no overflow. */
function weightedMean(
  publishedAt: Float64Array,
  sentiment: Float64Array,
  start: number,
  end: number,
  decayPerMs: number,
): number {
  if (start >= end) return Number.NaN;
  const newest = publishedAt[end - 1];
  let weighted = 0;
  let weights = 0;
  for (let k = start; k < end; k++) {
    const w = Math.exp(decayPerMs * (publishedAt[k] - newest));
    weighted += w * sentiment[k];
    weights += w;
  }
  return weighted / weights;
}
