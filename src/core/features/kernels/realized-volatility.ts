import { checkStateLength, checkTaPeriod, outputFor } from './internal/ta-params.js';

/**
 * Realised volatility: the population standard deviation (divisor N) of the last N one-bar log
 * returns ln(close[j] / close[j − 1]), j = i − N + 1 .. i. NOT annualised: it is per bar of the
 * series' own interval (multiply by sqrt(bars per year) to annualise, e.g. sqrt(8760) for 1h
 * crypto bars); keeping it per bar avoids baking a calendar (24/7 crypto vs NYSE sessions) into
 * the feature. First valid index N (the first return is at bar 1); NaN before.
 *
 * Computed two-pass over the window each bar (mean, then mean squared deviation, summed oldest to
 * newest), not with running sums: no drift over long series and an exact 0 on flat windows. The
 * returns sit in a ring of N allocated once per call; nothing is allocated per bar.
 *
 * NaN inputs: a NaN close makes the two returns that read it NaN, so the N + 1 outputs whose
 * window holds them are NaN; the series recovers after that.
 */
export function realizedVolatility(close: Float64Array, period: number, out?: Float64Array): Float64Array {
  checkTaPeriod('realizedVolatility', 'period', period, 2);
  const n = close.length;
  const res = outputFor('realizedVolatility', n, out);
  res.fill(Number.NaN, 0, Math.min(period, n));
  if (n <= period) return res;
  const ring = new Float64Array(period);
  // Bars 1 .. period − 1 fill slots 1 .. period − 1; bar i then takes slot i % period.
  for (let i = 1; i < period; i++) ring[i] = Math.log(close[i] / close[i - 1]);
  let head = 0;
  for (let i = period; i < n; i++) {
    ring[head] = Math.log(close[i] / close[i - 1]);
    head = head + 1 === period ? 0 : head + 1;
    res[i] = windowStd(ring, head);
  }
  return res;
}

/** Population std of the ring's values, taken oldest first (from `head`, the oldest slot). */
function windowStd(ring: Float64Array, head: number): number {
  const n = ring.length;
  let sum = 0;
  for (let k = head; k < n; k++) sum += ring[k];
  for (let k = 0; k < head; k++) sum += ring[k];
  const mean = sum / n;
  let squares = 0;
  for (let k = head; k < n; k++) {
    const d = ring[k] - mean;
    squares += d * d;
  }
  for (let k = 0; k < head; k++) {
    const d = ring[k] - mean;
    squares += d * d;
  }
  return Math.sqrt(squares / n);
}

/**
 * Realised volatility bar by bar; `update(close)` returns what `realizedVolatility` gives at that
 * bar, from the same ring in the same slot order. State: [count, previous close, ring × period].
 */
export class RealizedVolatilityStream {
  private readonly ring: Float64Array;
  private count = 0;
  private prev = Number.NaN;

  constructor(readonly period: number) {
    checkTaPeriod('RealizedVolatilityStream', 'period', period, 2);
    this.ring = new Float64Array(period);
  }

  update(close: number): number {
    const i = this.count++;
    const prev = this.prev;
    this.prev = close;
    if (i === 0) return Number.NaN;
    const slot = i % this.period;
    this.ring[slot] = Math.log(close / prev);
    if (i < this.period) return Number.NaN;
    return windowStd(this.ring, slot + 1 === this.period ? 0 : slot + 1);
  }

  snapshot(): Float64Array {
    const state = new Float64Array(2 + this.period);
    state[0] = this.count;
    state[1] = this.prev;
    state.set(this.ring, 2);
    return state;
  }

  static restore(period: number, state: Float64Array): RealizedVolatilityStream {
    const s = new RealizedVolatilityStream(period);
    checkStateLength('RealizedVolatilityStream.restore', state, 2 + period);
    s.count = state[0];
    s.prev = state[1];
    s.ring.set(state.subarray(2));
    return s;
  }
}
