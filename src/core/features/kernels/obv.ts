import { inputLength, outputFor } from './internal/ta-params.js';

/**
 * On-balance volume, TA-Lib's OBV: the first value is the first bar's volume; each later bar adds
 * its volume when the close rises above the previous close, subtracts it when the close falls, and
 * leaves the total unchanged on an equal close. Valid from bar 0 (TA-Lib's lookback is 0).
 *
 * NaN inputs: a NaN close compares false, so that bar and the next leave OBV unchanged (as in
 * TA-Lib, which also keeps the NaN as the previous close). A NaN volume counts as no volume, where
 * TA-Lib would turn every later value into NaN.
 */
export function obv(close: Float64Array, volume: Float64Array, out?: Float64Array): Float64Array {
  const n = inputLength('obv', { close, volume });
  const res = outputFor('obv', n, out);
  if (n === 0) return res;
  let total = volume[0] === volume[0] ? volume[0] : 0;
  let prev = close[0];
  res[0] = total;
  for (let i = 1; i < n; i++) {
    const c = close[i];
    const v = volume[i];
    if (v === v) {
      if (c > prev) total += v;
      else if (c < prev) total -= v;
    }
    res[i] = total;
    prev = c;
  }
  return res;
}

/** OBV bar by bar; `update` returns what `obv` gives at that bar. State: [bars seen > 0, total, previous close]. */
export class ObvStream {
  private started = false;
  private total = 0;
  private prev = Number.NaN;

  update(close: number, volume: number): number {
    if (!this.started) {
      this.started = true;
      this.total = volume === volume ? volume : 0;
    } else if (volume === volume) {
      if (close > this.prev) this.total += volume;
      else if (close < this.prev) this.total -= volume;
    }
    this.prev = close;
    return this.total;
  }

  snapshot(): Float64Array {
    return Float64Array.of(this.started ? 1 : 0, this.total, this.prev);
  }

  static restore(_params: Record<string, never>, state: Float64Array): ObvStream {
    if (state.length !== 3) throw new Error(`ObvStream.restore: expected 3 numbers, got ${state.length}`);
    const s = new ObvStream();
    s.started = state[0] === 1;
    s.total = state[1];
    s.prev = state[2];
    return s;
  }
}
