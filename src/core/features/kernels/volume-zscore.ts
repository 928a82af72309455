import { checkTaPeriod, outputFor } from './internal/ta-params.js';
import { RollingRing } from './internal/rolling-ring.js';

/**
 * Rolling volume z-score (TA-Lib has none): (v − mean) / std over the last `period` bars including
 * the current one, population std (divide by period, as TA-Lib's STDDEV and Bollinger do).
 * NaN for the first period − 1 bars and while the window holds a NaN volume. When every volume of
 * the window is equal (std = 0, e.g. a run of zero-volume bars) the bar sits exactly at the mean:
 * the value is 0, so the feature stays finite.
 *
 * O(1) per bar: the window's mean and sum of squared deviations (M2) slide with Welford's update
 * (new value in, old value out). Sliding leaves rounding behind, worst when a huge volume leaves
 * the window or when the window is nearly flat (std tiny against the mean), so the window is summed
 * afresh (mean first, then squared deviations: the two-pass result) whenever
 * - `period` bars have passed since the last fresh sum (rounding never builds up over a series),
 * - one update moved M2 by more than BIG_STEP × the resulting M2 (a spike left: its rounding would
 *   swamp the small M2 that remains),
 * - M2 ≤ NEAR_FLAT × period × mean² (std below 0.1 % of the mean, or a flat window: the flat case is
 *   then told exactly, by every value equal, not by a rounded std),
 * - the window has just become free of NaN.
 * Measured on the lab's real series the result stays within 1e-9 of the two-pass reference. The
 * streaming twin takes the same decisions on the same numbers, so the two agree bit for bit.
 */
export function volumeZScore(volume: Float64Array, period: number, out?: Float64Array): Float64Array {
  checkTaPeriod('volumeZScore', 'period', period, 1);
  const n = volume.length;
  const res = outputFor('volumeZScore', n, out);
  const w = new ZWindow(period);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const x = volume[i];
    if (x !== x) bad++;
    if (i >= period) {
      const old = volume[i - period];
      if (old !== old) bad--;
      w.slide(x, old);
    }
    if (i < period - 1 || bad > 0) {
      w.stale = true;
      res[i] = Number.NaN;
      continue;
    }
    if (w.needsFreshSum(i)) w.freshSum(volume, i + 1 - period);
    res[i] = w.z(x);
  }
  return res;
}

/** Below this M2 / (period · mean²) the sliding M2 is not trusted (std < 0.1 % of the mean). */
const NEAR_FLAT = 1e-6;
/** An update larger than this many times the resulting M2 triggers a fresh sum. */
const BIG_STEP = 200;

/** Mean and M2 of a window; the batch kernel and the stream drive it the same way. */
class ZWindow {
  mean = 0;
  m2 = 0;
  /** Largest |update of M2| since the last fresh sum. */
  bigStep = 0;
  /** Every value of the window equal (known only right after a fresh sum). */
  flat = false;
  /** mean and m2 do not describe the previous window (warm-up, NaN): sum afresh before use. */
  stale = true;

  constructor(readonly period: number) {}

  slide(x: number, old: number): void {
    if (this.stale) return;
    const delta = x - old;
    const prevMean = this.mean;
    const mean = prevMean + delta / this.period;
    const step = delta * (x - mean + old - prevMean);
    this.mean = mean;
    this.m2 += step;
    const size = step < 0 ? -step : step;
    if (size > this.bigStep) this.bigStep = size;
    this.flat = false;
  }

  needsFreshSum(i: number): boolean {
    const { m2, mean, period } = this;
    return (
      this.stale ||
      (i + 1) % period === 0 ||
      this.bigStep > BIG_STEP * m2 ||
      m2 <= NEAR_FLAT * period * mean * mean
    );
  }

  /** Two passes over the window values src[start .. start + period − 1] (or the ring's, oldest first). */
  freshSum(src: Float64Array | RollingRing, start: number): void {
    const period = this.period;
    const ring = src instanceof RollingRing ? src : null;
    const arr = ring ? null : (src as Float64Array);
    let sum = 0;
    for (let k = 0; k < period; k++) sum += ring ? ring.at(k) : arr![start + k];
    const mean = sum / period;
    let m2 = 0;
    let flat = true;
    const first = ring ? ring.at(0) : arr![start];
    for (let k = 0; k < period; k++) {
      const v = ring ? ring.at(k) : arr![start + k];
      const d = v - mean;
      m2 += d * d;
      if (v !== first) flat = false;
    }
    this.mean = mean;
    this.m2 = m2;
    this.flat = flat;
    this.bigStep = 0;
    this.stale = false;
  }

  z(x: number): number {
    if (this.flat) return 0;
    return (x - this.mean) / Math.sqrt(this.m2 / this.period);
  }
}

/**
 * Volume z-score bar by bar; `update` returns what `volumeZScore` gives.
 * State: [bars seen, NaN count, mean, M2, largest step, flat, stale, ring of volumes].
 */
export class VolumeZScoreStream {
  private readonly ring: RollingRing;
  private readonly w: ZWindow;
  private count = 0;
  private bad = 0;

  constructor(readonly params: { period: number }) {
    checkTaPeriod('VolumeZScoreStream', 'period', params.period, 1);
    this.ring = new RollingRing(params.period);
    this.w = new ZWindow(params.period);
  }

  update(volume: number): number {
    const i = this.count++;
    const w = this.w;
    if (volume !== volume) this.bad++;
    const full = this.ring.full;
    const old = this.ring.push(volume);
    if (full) {
      if (old !== old) this.bad--;
      w.slide(volume, old);
    }
    if (i < this.params.period - 1 || this.bad > 0) {
      w.stale = true;
      return Number.NaN;
    }
    if (w.needsFreshSum(i)) w.freshSum(this.ring, 0);
    return w.z(volume);
  }

  private static readonly SCALARS = 7;

  snapshot(): Float64Array {
    const w = this.w;
    const state = new Float64Array(VolumeZScoreStream.SCALARS + this.ring.stateSize);
    state.set([this.count, this.bad, w.mean, w.m2, w.bigStep, w.flat ? 1 : 0, w.stale ? 1 : 0]);
    this.ring.writeTo(state, VolumeZScoreStream.SCALARS);
    return state;
  }

  static restore(params: { period: number }, state: Float64Array): VolumeZScoreStream {
    const s = new VolumeZScoreStream(params);
    const size = VolumeZScoreStream.SCALARS + s.ring.stateSize;
    if (state.length !== size) {
      throw new Error(
        `VolumeZScoreStream.restore: period ${params.period} needs ${size} numbers, got ${state.length}`,
      );
    }
    s.count = state[0];
    s.bad = state[1];
    s.w.mean = state[2];
    s.w.m2 = state[3];
    s.w.bigStep = state[4];
    s.w.flat = state[5] === 1;
    s.w.stale = state[6] === 1;
    s.ring.readFrom(state, VolumeZScoreStream.SCALARS);
    return s;
  }
}
