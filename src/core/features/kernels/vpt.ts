import { inputLength, outputFor } from './internal/ta-params.js';

/**
 * Volume-price trend (TA-Lib has none): a running total of volume × (close − previous close) /
 * previous close. The first bar has no previous close, so its value is 0 and the total starts there;
 * valid from bar 0.
 *
 * NaN inputs: a bar whose close or volume is NaN adds nothing, and the next bar measures its change
 * from the last finite close, so one bad bar does not poison the rest. A previous close of 0 (no
 * relative change defined) also adds nothing.
 */
export function vpt(close: Float64Array, volume: Float64Array, out?: Float64Array): Float64Array {
  const n = inputLength('vpt', { close, volume });
  const res = outputFor('vpt', n, out);
  let total = 0;
  let prev = Number.NaN;
  for (let i = 0; i < n; i++) {
    const c = close[i];
    const v = volume[i];
    if (c === c) {
      if (v === v && prev === prev && prev !== 0) total += (v * (c - prev)) / prev;
      prev = c;
    }
    res[i] = total;
  }
  return res;
}

/** VPT bar by bar; `update` returns what `vpt` gives at that bar. State: [total, last finite close]. */
export class VptStream {
  private total = 0;
  private prev = Number.NaN;

  update(close: number, volume: number): number {
    if (close === close) {
      const prev = this.prev;
      if (volume === volume && prev === prev && prev !== 0) this.total += (volume * (close - prev)) / prev;
      this.prev = close;
    }
    return this.total;
  }

  snapshot(): Float64Array {
    return Float64Array.of(this.total, this.prev);
  }

  static restore(_params: Record<string, never>, state: Float64Array): VptStream {
    if (state.length !== 2) throw new Error(`VptStream.restore: expected 2 numbers, got ${state.length}`);
    const s = new VptStream();
    s.total = state[0];
    s.prev = state[1];
    return s;
  }
}
