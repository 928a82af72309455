import { checkPeriod, outputArray } from './internal/rolling-params.js';
import { RollingRing } from './internal/rolling-ring.js';

/**
 * Rolling volume z-score (TA-Lib has none): (v − mean) / std over the last `period` bars including
 * the current one, population std (divide by period, as TA-Lib's STDDEV and Bollinger do).
 * NaN for the first period − 1 bars and while the window holds a NaN volume. When every volume of
 * the window is equal (std = 0, e.g. a run of zero-volume bars) the bar sits exactly at the mean:
 * the value is 0, so the feature stays finite.
 *
 * Each bar takes the mean and then the squared deviations over its window (two passes over
 * `period` values, summed oldest first): a running Σv² − (Σv)²/n loses most digits when volumes are
 * large and alike, and would turn an exactly flat window into a tiny nonzero std (and a huge z).
 * With period 20 that is ~40 additions per bar and no allocation.
 */
export function volumeZScore(volume: Float64Array, period: number, out?: Float64Array): Float64Array {
  checkPeriod('volumeZScore', period);
  const n = volume.length;
  const res = outputArray('volumeZScore', n, out);
  const first = Math.min(period - 1, n);
  res.fill(Number.NaN, 0, first);
  for (let i = period - 1; i < n; i++) {
    const start = i + 1 - period;
    let sum = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let j = start; j <= i; j++) {
      const v = volume[j];
      sum += v;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const mean = sum / period;
    let squares = 0;
    for (let j = start; j <= i; j++) {
      const d = volume[j] - mean;
      squares += d * d;
    }
    res[i] = zOf(volume[i], mean, Math.sqrt(squares / period), lo === hi);
  }
  return res;
}

function zOf(v: number, mean: number, std: number, flat: boolean): number {
  // A NaN in the window makes mean and std NaN, and so the result. A flat window is told by its
  // min and max, not by std: the mean of equal values can round off them (20 × 0.1 / 20 ≠ 0.1),
  // leaving a tiny std and a z of ±1.
  if (std !== std) return Number.NaN;
  return flat ? 0 : (v - mean) / std;
}

/** Volume z-score bar by bar; `update` returns what `volumeZScore` gives. State: the ring of volumes. */
export class VolumeZScoreStream {
  private readonly ring: RollingRing;

  constructor(readonly params: { period: number }) {
    checkPeriod('VolumeZScoreStream', params.period);
    this.ring = new RollingRing(params.period);
  }

  update(volume: number): number {
    const ring = this.ring;
    const period = this.params.period;
    ring.push(volume);
    if (!ring.full) return Number.NaN;
    let sum = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let k = 0; k < period; k++) {
      const v = ring.at(k);
      sum += v;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const mean = sum / period;
    let squares = 0;
    for (let k = 0; k < period; k++) {
      const d = ring.at(k) - mean;
      squares += d * d;
    }
    return zOf(volume, mean, Math.sqrt(squares / period), lo === hi);
  }

  snapshot(): Float64Array {
    const state = new Float64Array(this.ring.stateSize);
    this.ring.writeTo(state, 0);
    return state;
  }

  static restore(params: { period: number }, state: Float64Array): VolumeZScoreStream {
    const s = new VolumeZScoreStream(params);
    if (state.length !== s.ring.stateSize) {
      throw new Error(
        `VolumeZScoreStream.restore: period ${params.period} needs ${s.ring.stateSize} numbers, got ${state.length}`,
      );
    }
    s.ring.readFrom(state, 0);
    return s;
  }
}
