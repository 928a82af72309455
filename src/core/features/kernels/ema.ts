import { checkStateLength, checkTaPeriod, outputFor } from './internal/ta-params.js';

/**
 * Exponential moving average, as TA-Lib's EMA (ta_EMA.c, INT_EMA, default compatibility): the seed
 * at index period − 1 is the simple mean of the first `period` values (summed in order from 0),
 * then ema = ((x − ema) · k) + ema with k = 2 / (period + 1), in that operation order. NaN before
 * index period − 1.
 *
 * NaN inputs: as in TA-Lib (and in any recursive average), a NaN makes every later value NaN.
 * `out` (optional, at least as long as `x`) may not alias `x`.
 */
export function ema(x: Float64Array, period: number, out?: Float64Array): Float64Array {
  checkTaPeriod('ema', 'period', period, 2);
  const n = x.length;
  const res = outputFor('ema', n, out);
  const lookback = period - 1;
  res.fill(Number.NaN, 0, Math.min(lookback, n));
  if (n <= lookback) return res;
  const k = emaFactor(period);
  let sum = 0;
  for (let i = 0; i < period; i++) sum += x[i];
  let prev = sum / period;
  res[lookback] = prev;
  for (let i = period; i < n; i++) {
    prev = (x[i] - prev) * k + prev;
    res[i] = prev;
  }
  return res;
}

/** TA-Lib's PER_TO_K: the smoothing factor 2 / (period + 1). */
export function emaFactor(period: number): number {
  return 2 / (period + 1);
}

/**
 * EMA bar by bar: `update(x)` returns what `ema` gives at that bar (MACD chains three of these).
 * State: [count, sum of the seed values, ema].
 */
export class EmaStream {
  private readonly k: number;
  private count = 0;
  private sum = 0;
  private prev = Number.NaN;

  constructor(readonly period: number) {
    checkTaPeriod('EmaStream', 'period', period, 2);
    this.k = emaFactor(period);
  }

  update(x: number): number {
    if (this.count >= this.period) {
      this.prev = (x - this.prev) * this.k + this.prev;
      return this.prev;
    }
    this.sum += x;
    this.count++;
    if (this.count < this.period) return Number.NaN;
    this.prev = this.sum / this.period;
    return this.prev;
  }

  static readonly stateSize = 3;

  snapshot(): Float64Array {
    return Float64Array.of(this.count, this.sum, this.prev);
  }

  /** Writes the state at `offset` of a larger state (for composite streams). */
  writeTo(state: Float64Array, offset: number): void {
    state[offset] = this.count;
    state[offset + 1] = this.sum;
    state[offset + 2] = this.prev;
  }

  readFrom(state: Float64Array, offset: number): void {
    this.count = state[offset];
    this.sum = state[offset + 1];
    this.prev = state[offset + 2];
  }

  static restore(period: number, state: Float64Array): EmaStream {
    const s = new EmaStream(period);
    checkStateLength('EmaStream.restore', state, EmaStream.stateSize);
    s.readFrom(state, 0);
    return s;
  }
}
