import { checkStateLength, checkTaPeriod, outputFor } from './internal/ta-params.js';

/**
 * Rate of change, as TA-Lib's ROC (ta_ROC.c): ((x / x[i − period]) − 1) · 100, and 0 when the
 * earlier value is 0 (TA-Lib's guard). First valid index `period`; NaN before.
 *
 * NaN inputs affect only the two outputs that read them (this bar's and the one `period` later).
 */
export function roc(x: Float64Array, period: number, out?: Float64Array): Float64Array {
  checkTaPeriod('roc', 'period', period, 1);
  const n = x.length;
  const res = outputFor('roc', n, out);
  res.fill(Number.NaN, 0, Math.min(period, n));
  for (let i = period, trailing = 0; i < n; i++, trailing++) res[i] = rocOf(x[i], x[trailing]);
  return res;
}

function rocOf(x: number, earlier: number): number {
  return earlier !== 0 ? (x / earlier - 1) * 100 : 0;
}

/** ROC bar by bar; `update(x)` returns what `roc` gives at that bar. State: [count, head, ring × period]. */
export class RocStream {
  private readonly ring: Float64Array;
  private count = 0;
  private head = 0;

  constructor(readonly period: number) {
    checkTaPeriod('RocStream', 'period', period, 1);
    this.ring = new Float64Array(period);
  }

  update(x: number): number {
    // Once `period` values are held, the slot about to be overwritten holds x[i − period].
    const value = this.count >= this.period ? rocOf(x, this.ring[this.head]) : Number.NaN;
    this.ring[this.head] = x;
    this.head = this.head + 1 === this.period ? 0 : this.head + 1;
    if (this.count < this.period) this.count++;
    return value;
  }

  snapshot(): Float64Array {
    const state = new Float64Array(2 + this.period);
    state[0] = this.count;
    state[1] = this.head;
    state.set(this.ring, 2);
    return state;
  }

  static restore(period: number, state: Float64Array): RocStream {
    const s = new RocStream(period);
    checkStateLength('RocStream.restore', state, 2 + period);
    s.count = state[0];
    s.head = state[1];
    s.ring.set(state.subarray(2));
    return s;
  }
}
