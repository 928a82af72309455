import { unitCost, type CostConfig } from './env-config.js';
import { ACTIONS, type SeriesWindow } from './training-series.js';

/**
 * Look-ahead of the oracle in bars. 12 one-hour bars: long enough that a typical move
 * (σ·√12 ≈ 3.5% for BTC 1h) clears the round-trip cost, short enough to follow swings. The purge
 * between train and later windows must be at least this long (docs/simulation.md).
 */
export const DEFAULT_ORACLE_HORIZON = 12;

/**
 * The expert actions for behaviour cloning, one per bar of the window, with hindsight:
 *
 *   R_i = ln(close[i + h] / close[i]),  h = min(horizon, bars left in the window and the segment)
 *   c_i = 2 · (commission + slippageBps/1e4 + slippageVolFactor · ATR_i / close_i)   (round trip)
 *   long  when R_i > c_i; short when R_i < −c_i and shorting is allowed; else flat.
 *
 * That is the position that earns the most over the next h bars after paying to enter and leave
 * it (flat earns 0). It reads close[i … i + h] only, never a bar at or after window.end nor across
 * a data gap; the last bar of a window or segment (h = 0) is flat. Computed on the training
 * window only (the caller passes that window).
 */
export function oracleActions(
  window: SeriesWindow,
  options: { horizon: number; costs: CostConfig; allowShort: boolean },
): Int32Array {
  const { horizon, costs, allowShort } = options;
  if (!Number.isInteger(horizon) || horizon < 1)
    throw new RangeError(`oracleActions: horizon must be a whole number of bars ≥ 1, got ${horizon}`);
  const { series, start, end } = window;
  const { close, atr, segmentEnd } = series;
  const out = new Int32Array(Math.max(0, end - start));
  for (let i = start; i < end; i++) {
    const stop = segmentEnd[i] < end ? segmentEnd[i] : end;
    const h = Math.min(horizon, stop - 1 - i);
    let action: number = ACTIONS.flat;
    if (h > 0) {
      const move = Math.log(close[i + h] / close[i]);
      const roundTrip = 2 * unitCost(costs, atr[i] / close[i]);
      if (move > roundTrip) action = ACTIONS.long;
      else if (move < -roundTrip && allowShort) action = ACTIONS.short;
    }
    out[i - start] = action;
  }
  return out;
}
