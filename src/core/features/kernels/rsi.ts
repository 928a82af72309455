import { checkStateLength, checkTaPeriod, outputFor } from './internal/ta-params.js';

/** TA-Lib's TA_IS_ZERO tolerance (ta_utility.h). */
const TA_EPSILON = 1e-14;

/**
 * Relative strength index, as TA-Lib's RSI (ta_RSI.c) with its default unstable period 0 and
 * default (non-Metastock) compatibility: the average gain and loss are seeded at index `period`
 * with the simple means of the first `period` changes, then smoothed the Wilder way
 * (avg = (avg · (period − 1) + change) / period, as three separately rounded steps like TA-Lib).
 * RSI = 100 · gain / (gain + loss), and 0 when gain + loss is within 1e-14 of zero (flat prices).
 * NaN before index `period`.
 *
 * NaN inputs: as in TA-Lib, a NaN change enters the average gain, and every later value is NaN.
 */
export function rsi(close: Float64Array, period: number, out?: Float64Array): Float64Array {
  checkTaPeriod('rsi', 'period', period, 2);
  const n = close.length;
  const res = outputFor('rsi', n, out);
  res.fill(Number.NaN, 0, Math.min(period, n));
  if (n <= period) return res;
  const keep = period - 1;
  let prev = close[0];
  let gain = 0;
  let loss = 0;
  for (let i = 1; i <= period; i++) {
    const change = close[i] - prev;
    prev = close[i];
    if (change < 0) loss -= change;
    else gain += change;
  }
  loss /= period;
  gain /= period;
  res[period] = rsiOf(gain, loss);
  for (let i = period + 1; i < n; i++) {
    const change = close[i] - prev;
    prev = close[i];
    loss *= keep;
    gain *= keep;
    if (change < 0) loss -= change;
    else gain += change;
    loss /= period;
    gain /= period;
    res[i] = rsiOf(gain, loss);
  }
  return res;
}

function rsiOf(gain: number, loss: number): number {
  const total = gain + loss;
  return -TA_EPSILON < total && total < TA_EPSILON ? 0 : 100 * (gain / total);
}

/** RSI bar by bar; `update(close)` returns what `rsi` gives at that bar. State: [count, previous close, gain, loss]. */
export class RsiStream {
  private count = 0;
  private prev = Number.NaN;
  private gain = 0;
  private loss = 0;

  constructor(readonly period: number) {
    checkTaPeriod('RsiStream', 'period', period, 2);
  }

  update(close: number): number {
    const p = this.period;
    if (this.count === 0) {
      this.prev = close;
      this.count = 1;
      return Number.NaN;
    }
    const change = close - this.prev;
    this.prev = close;
    if (this.count > p) {
      this.loss *= p - 1;
      this.gain *= p - 1;
      if (change < 0) this.loss -= change;
      else this.gain += change;
      this.loss /= p;
      this.gain /= p;
      return rsiOf(this.gain, this.loss);
    }
    // Seeding: sum the first `period` changes, then divide once (TA-Lib's simple mean).
    if (change < 0) this.loss -= change;
    else this.gain += change;
    this.count++;
    if (this.count <= p) return Number.NaN;
    this.loss /= p;
    this.gain /= p;
    return rsiOf(this.gain, this.loss);
  }

  snapshot(): Float64Array {
    return Float64Array.of(this.count, this.prev, this.gain, this.loss);
  }

  static restore(period: number, state: Float64Array): RsiStream {
    const s = new RsiStream(period);
    checkStateLength('RsiStream.restore', state, 4);
    s.count = state[0];
    s.prev = state[1];
    s.gain = state[2];
    s.loss = state[3];
    return s;
  }
}
