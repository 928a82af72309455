import { checkTaPeriod, outputFor } from './internal/ta-params.js';
import { RollingRing } from './internal/rolling-ring.js';

/**
 * Volume ratio: volume / SMA(volume, period), the SMA including the current bar. The mean is
 * TA-Lib's SMA to the bit: the same running total, adding the new volume, dividing, then taking out
 * the volume leaving the window. NaN for the first period − 1 bars.
 *
 * NaN volumes stay out of the running total and make the value NaN while they are in the window
 * (TA-Lib's SMA would stay NaN forever). A window without volume (mean 0) gives 0: the bar traded
 * nothing, like its window.
 */
export function volumeRatio(volume: Float64Array, period: number, out?: Float64Array): Float64Array {
  checkTaPeriod('volumeRatio', 'period', period, 1);
  const n = volume.length;
  const res = outputFor('volumeRatio', n, out);
  let total = 0;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const v = volume[i];
    if (v === v) total += v;
    else bad++;
    if (i < period - 1) {
      res[i] = Number.NaN;
      continue;
    }
    res[i] = ratioOf(v, total / period, bad);
    const old = volume[i + 1 - period];
    if (old === old) total -= old;
    else bad--;
  }
  return res;
}

function ratioOf(v: number, mean: number, bad: number): number {
  if (bad > 0) return Number.NaN;
  return mean > 0 ? v / mean : 0;
}

/** Volume ratio bar by bar; `update` returns what `volumeRatio` gives. State: [total, NaN count, ring]. */
export class VolumeRatioStream {
  private readonly ring: RollingRing;
  private total = 0;
  private bad = 0;

  constructor(readonly params: { period: number }) {
    checkTaPeriod('VolumeRatioStream', 'period', params.period, 1);
    this.ring = new RollingRing(params.period);
  }

  update(volume: number): number {
    if (volume === volume) this.total += volume;
    else this.bad++;
    this.ring.push(volume);
    if (!this.ring.full) return Number.NaN;
    const value = ratioOf(volume, this.total / this.params.period, this.bad);
    const old = this.ring.at(0); // the oldest, leaving the window at the next bar
    if (old === old) this.total -= old;
    else this.bad--;
    return value;
  }

  snapshot(): Float64Array {
    const state = new Float64Array(2 + this.ring.stateSize);
    state[0] = this.total;
    state[1] = this.bad;
    this.ring.writeTo(state, 2);
    return state;
  }

  static restore(params: { period: number }, state: Float64Array): VolumeRatioStream {
    const s = new VolumeRatioStream(params);
    if (state.length !== 2 + s.ring.stateSize) {
      throw new Error(
        `VolumeRatioStream.restore: period ${params.period} needs ${2 + s.ring.stateSize} numbers, got ${state.length}`,
      );
    }
    s.total = state[0];
    s.bad = state[1];
    s.ring.readFrom(state, 2);
    return s;
  }
}
