import type { MarketKind } from '../../shared/contract/index.js';
import { sessionOnDay } from '../calendar/nyse-calendar.js';
import { barInSession } from '../features/kernels/market-open.js';
import { intervalGrid } from '../quality/interval-grid.js';
import { intervalMs } from '../time/intervals.js';

/**
 * The market rules of a training series (docs/simulation.md, "Market hours and gaps"), from the
 * same calendar and grids the quality report and the is_market_open feature use.
 */

/**
 * 1 where the agent may trade at bar i's close. Crypto: always. Stocks: when the bar overlaps a
 * regular NYSE session (the is_market_open kernel's rule), so regular-session intraday bars and
 * daily bars of session dates trade, and pre-market, after-hours, weekend and holiday bars do not.
 */
export function marketOpenFlags(time: Float64Array, market: MarketKind, interval: string): Uint8Array {
  const out = new Uint8Array(time.length);
  if (market !== 'stock') return out.fill(1);
  const step = intervalMs(interval);
  for (let i = 0; i < time.length; i++) out[i] = barInSession(time[i], step, sessionOnDay);
  return out;
}

/**
 * ln(close[i+1] / close[i]) and the segment ends. A segment is a run of bars without a data gap:
 * bar i and i+1 are in one segment when the interval's grid counts at most one bar slot from one
 * to the other (quality/interval-grid: around the clock for crypto; for stocks only regular-session
 * slots count, so the jump over a night, weekend or holiday is no gap while a missing session or a
 * hole inside a session is) and both closes give a finite log return. segmentEnd[i] is one past
 * the segment's last bar; nextLogReturn is NaN at that last bar.
 */
export function segmentsAndReturns(
  time: Float64Array,
  close: Float64Array,
  market: MarketKind,
  interval: string,
): { segmentEnd: Int32Array; nextLogReturn: Float64Array } {
  const n = time.length;
  const grid = intervalGrid(interval, market);
  const nextLogReturn = new Float64Array(n).fill(Number.NaN);
  const segmentEnd = new Int32Array(n);
  for (let i = 0; i + 1 < n; i++) {
    const r = Math.log(close[i + 1] / close[i]);
    if (Number.isFinite(r) && grid.stepsBetween(time[i], time[i + 1]) <= 1) nextLogReturn[i] = r;
  }
  let end = n;
  for (let i = n - 1; i >= 0; i--) {
    if (Number.isNaN(nextLogReturn[i])) end = i + 1;
    segmentEnd[i] = end;
  }
  return { segmentEnd, nextLogReturn };
}

/**
 * Observation columns every market fills once their look-back has passed; the longest warm-up
 * among them (sma_50 / ema_50: 49 bars, adx_14: 27, macd_signal: 33) decides where training starts.
 */
export const WARMUP_COLUMNS = [
  'log_return',
  'roc_10',
  'realized_vol_20',
  'sma_50',
  'ema_50',
  'macd_signal',
  'rsi_14',
  'stoch_d',
  'adx_14',
  'bb_lower',
  'atr_14',
  'volume_z_20',
  'range_position_20',
] as const;

/**
 * Bars at the start still in a feature's warm-up: the latest first-finite index among the warm-up
 * columns (a column never finite in the range, e.g. volume z-scores of a volume-less series, is
 * not waited for).
 */
export function warmupBars(columns: Record<string, Float64Array>, n: number): number {
  let warmup = 0;
  for (const name of WARMUP_COLUMNS) {
    const col = columns[name];
    if (!col) continue;
    let i = 0;
    while (i < n && !Number.isFinite(col[i])) i++;
    if (i < n && i > warmup) warmup = i;
  }
  return warmup;
}
