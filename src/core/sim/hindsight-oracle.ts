import { unitCost, type CostConfig } from './env-config.js';
import type { SeriesWindow } from './training-series.js';

/**
 * Bars of look-ahead in the expert's per-bar return (below). Measured on the BTCUSDT 2021 1h train
 * window (6,040 bars, default costs): the cost-aware optimal path over raw one-bar returns changes
 * position 2,221 times (hindsight catches every hourly swing above the ~0.27% round trip, which no
 * policy can predict), the old per-bar 12-bar rule 1,257 times, the path over 12-bar mean returns
 * 299 times (24 bars: 182). The purge between train and later windows is at least this long.
 */
export const DEFAULT_ORACLE_HORIZON = 12;

/**
 * The hindsight expert for behaviour cloning: the cost-aware best position path over each
 * contiguous stretch of a (train) window, by dynamic programming (a Viterbi over the three
 * positions; docs/simulation.md, "Hindsight oracle").
 *
 * A segment is [a, b) = the bars of the window up to the next data gap. A decision at bar t
 * (a ≤ t < b − 1) sets the position p_t ∈ {−1, 0, 1} held over t → t+1; the path maximises
 *
 *   Σ_t  p_t · r̄_t  −  c_t · |p_t − p_{t−1}|,   p_{a−1} = 0 (episodes start flat)
 *   r̄_t = ln(close[t + k] / close[t]) / k,  k = min(horizon, b − 1 − t)   (mean log return ahead)
 *   c_t = commission + slippageBps/1e4 + slippageVolFactor · ATR_t / close_t   (the env's unit cost)
 *
 * under the env's rules: no change at a bar whose market is closed, no short when shorting is off.
 * With horizon 1, r̄_t is the bar's own return and the path is the most a trader could have earned;
 * the mean over `horizon` bars keeps the expert on the trend instead of every hourly wiggle. The
 * last bar of a segment earns nothing and keeps its position (the env charges nothing when an
 * episode ends). The backward pass gives the best position at every bar for EVERY position held
 * before it, not only the path's (`bestPosition`), so a learner can be shown what to do from
 * positions the expert itself would not hold.
 *
 * Reads: close and ATR of bars inside the segment and the window only (never a bar at or after
 * window.end, never across a gap). A decision depends on the whole rest of the segment through the
 * backward pass; train windows end before the purge, so no label sees a validation or test price.
 */
export interface OraclePlan {
  window: SeriesWindow;
  /** Per bar of the window (index t − window.start): the path's position over t → t+1 (−1, 0, 1). */
  position: Int8Array;
  /** Per bar: the bar whose close opened the path's position held over t → t+1 (t when flat). */
  openBar: Int32Array;
  /** Per bar: the first bar of its segment (the path is flat before it). */
  segmentStart: Int32Array;
  /** Per bar × (q + 1): the best position over t → t+1 when q is held before t. */
  best: Int8Array;
}

export interface OracleOptions {
  costs: CostConfig;
  /** false: never short (stocks with shorting off). */
  allowShort: boolean;
  /** Bars the expert's per-bar return looks ahead (DEFAULT_ORACLE_HORIZON; 1: the bar's own return). */
  horizon: number;
}

export function oraclePlan(window: SeriesWindow, options: OracleOptions): OraclePlan {
  const { series, start, end } = window;
  const { close, atr, segmentEnd, marketOpen } = series;
  const n = Math.max(0, end - start);
  const position = new Int8Array(n);
  const openBar = new Int32Array(n);
  const segmentStart = new Int32Array(n);
  const best = new Int8Array(3 * n);
  const lowest = options.allowShort ? -1 : 0;
  const horizon = options.horizon;
  if (!Number.isInteger(horizon) || horizon < 1)
    throw new RangeError(`oraclePlan: horizon must be a whole number of bars ≥ 1, got ${horizon}`);
  // Value to go from bar t on, by the position held before t (index q + 1).
  const next = new Float64Array(3);
  const here = new Float64Array(3);
  for (let a = start; a < end;) {
    const b = segmentEnd[a] < end ? segmentEnd[a] : end;
    // The segment's last bar earns nothing: keep what is held, value 0.
    next.fill(0);
    for (let q = -1; q <= 1; q++) best[3 * (b - 1 - start) + q + 1] = q;
    for (let t = b - 2; t >= a; t--) {
      const ahead = horizon < b - 1 - t ? horizon : b - 1 - t;
      const r = Math.log(close[t + ahead] / close[t]) / ahead;
      const c = unitCost(options.costs, atr[t] / close[t]);
      const open = marketOpen[t] === 1;
      for (let q = -1; q <= 1; q++) {
        // Holding first: on a tie the expert keeps its position (no trade for nothing).
        let choice = q;
        let value = q * r + next[q + 1];
        if (open) {
          for (let p = lowest; p <= 1; p++) {
            if (p === q) continue;
            const v = p * r - c * Math.abs(p - q) + next[p + 1];
            if (v > value + 1e-15) {
              value = v;
              choice = p;
            }
          }
        }
        here[q + 1] = value;
        best[3 * (t - start) + q + 1] = choice;
      }
      next.set(here);
    }
    // Forward along the path from flat.
    let q = 0;
    let opened = a;
    for (let t = a; t < b; t++) {
      const p = best[3 * (t - start) + q + 1];
      if (p !== q) opened = t;
      position[t - start] = p;
      openBar[t - start] = p === 0 ? t : opened;
      segmentStart[t - start] = a;
      q = p;
    }
    a = b;
  }
  return { window, position, openBar, segmentStart, best };
}

/** The plan's best position at bar t (absolute index) when `held` is held before t. */
export function bestPosition(plan: OraclePlan, t: number, held: number): number {
  return plan.best[3 * (t - plan.window.start) + held + 1];
}
