import { checkStateLength, checkTaPeriod, outputFor } from './internal/ta-params.js';

/**
 * Simple moving average, as TA-Lib's SMA (ta_SMA.c, INT_SMA): the mean of the last `period` values,
 * first valid at index period − 1 (NaN before). TA-Lib keeps a running total: it adds the new value,
 * takes total / period, then subtracts the value leaving the window. We do the same operations in
 * the same order, so the result equals TA-Lib's to the last bit (a fresh sum per bar would not).
 *
 * NaN inputs: as in TA-Lib, a NaN enters the running total and every later value is NaN.
 * `out` (optional, at least as long as `x`) must not alias `x`.
 */
export function sma(x: Float64Array, period: number, out?: Float64Array): Float64Array {
  checkTaPeriod('sma', 'period', period, 2);
  const n = x.length;
  const res = outputFor('sma', n, out);
  const lookback = period - 1;
  res.fill(Number.NaN, 0, Math.min(lookback, n));
  if (n <= lookback) return res;
  let total = 0;
  for (let i = 0; i < lookback; i++) total += x[i];
  for (let i = lookback, trailing = 0; i < n; i++, trailing++) {
    total += x[i];
    const sum = total;
    total -= x[trailing];
    res[i] = sum / period;
  }
  return res;
}

/**
 * SMA bar by bar: `update(x)` returns what `sma` gives at that bar. The same running total, with
 * the last `period` values in a ring. Period 1 is allowed here (the stochastic's smoothing may be
 * 1, which TA-Lib treats as a copy; the running total gives x back exactly for finite x).
 * State: [count, total, head, ring × period].
 */
export class SmaStream {
  private readonly ring: Float64Array;
  private count = 0;
  private total = 0;
  private head = 0;

  constructor(readonly period: number) {
    checkTaPeriod('SmaStream', 'period', period, 1);
    this.ring = new Float64Array(period);
  }

  update(x: number): number {
    const p = this.period;
    this.total += x;
    this.ring[this.head] = x;
    this.head = this.head + 1 === p ? 0 : this.head + 1;
    if (this.count < p) this.count++;
    if (this.count < p) return Number.NaN;
    // The ring is full: the slot the next value will take holds the value leaving the window.
    const sum = this.total;
    this.total -= this.ring[this.head];
    return sum / p;
  }

  static stateSize(period: number): number {
    return 3 + period;
  }

  snapshot(): Float64Array {
    const state = new Float64Array(SmaStream.stateSize(this.period));
    this.writeTo(state, 0);
    return state;
  }

  /** Writes the state at `offset` of a larger state (for composite streams). */
  writeTo(state: Float64Array, offset: number): void {
    state[offset] = this.count;
    state[offset + 1] = this.total;
    state[offset + 2] = this.head;
    state.set(this.ring, offset + 3);
  }

  readFrom(state: Float64Array, offset: number): void {
    this.count = state[offset];
    this.total = state[offset + 1];
    this.head = state[offset + 2];
    this.ring.set(state.subarray(offset + 3, offset + 3 + this.period));
  }

  static restore(period: number, state: Float64Array): SmaStream {
    const s = new SmaStream(period);
    checkStateLength('SmaStream.restore', state, SmaStream.stateSize(period));
    s.readFrom(state, 0);
    return s;
  }
}
