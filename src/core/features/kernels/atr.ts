import { checkStateLength, checkTaPeriod, inputLength, outputFor } from './internal/ta-params.js';
import { trueRangeOf } from './true-range.js';

/**
 * Average true range, as TA-Lib's ATR (ta_ATR.c) with its default unstable period 0: true range
 * (TRANGE, from bar 1, which needs the previous close), seeded at index `period` with the simple
 * mean of TR[1..period] (TA-Lib's INT_SMA: one sum in order, one division), then Wilder smoothing
 * atr = (atr · (period − 1) + tr) / period as three separately rounded steps, like TA-Lib.
 * So the first valid index is `period` (not period − 1); NaN before.
 *
 * NaN inputs: as in TA-Lib, a NaN true range enters the average and every later value is NaN
 * (a NaN previous close alone is skipped by TRANGE's comparisons).
 */
export function atr(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
  out?: Float64Array,
): Float64Array {
  checkTaPeriod('atr', 'period', period, 1);
  const n = inputLength('atr', { high, low, close });
  const res = outputFor('atr', n, out);
  res.fill(Number.NaN, 0, Math.min(period, n));
  if (n <= period) return res;
  const keep = period - 1;
  let sum = 0;
  for (let i = 1; i <= period; i++) sum += trueRangeOf(high[i], low[i], close[i - 1]);
  let value = sum / period;
  res[period] = value;
  for (let i = period + 1; i < n; i++) {
    value *= keep;
    value += trueRangeOf(high[i], low[i], close[i - 1]);
    value /= period;
    res[i] = value;
  }
  return res;
}

/** ATR bar by bar; `update` returns what `atr` gives at that bar. State: [count, previous close, sum or atr]. */
export class AtrStream {
  private count = 0;
  private prevClose = Number.NaN;
  /** The running sum of true ranges while seeding, the ATR after. */
  private value = 0;

  constructor(readonly period: number) {
    checkTaPeriod('AtrStream', 'period', period, 1);
  }

  update(high: number, low: number, close: number): number {
    const p = this.period;
    const first = this.count === 0;
    const tr = first ? 0 : trueRangeOf(high, low, this.prevClose);
    this.prevClose = close;
    if (first) {
      this.count = 1;
      return Number.NaN;
    }
    if (this.count > p) {
      this.value *= p - 1;
      this.value += tr;
      this.value /= p;
      return this.value;
    }
    this.value += tr;
    this.count++;
    if (this.count <= p) return Number.NaN;
    this.value /= p;
    return this.value;
  }

  snapshot(): Float64Array {
    return Float64Array.of(this.count, this.prevClose, this.value);
  }

  static restore(period: number, state: Float64Array): AtrStream {
    const s = new AtrStream(period);
    checkStateLength('AtrStream.restore', state, 3);
    s.count = state[0];
    s.prevClose = state[1];
    s.value = state[2];
    return s;
  }
}
