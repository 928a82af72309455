import { checkStateLength, outputFor } from './internal/ta-params.js';

/**
 * Point-in-time alignment of a timestamped series (funding rates, open interest) to bars. A bar
 * stamped t with length `intervalMs` closes at t + intervalMs, and the value a feature may use for
 * it is the one known at that close: the last record stamped at or before the close (a record is
 * known from its own time stamp on; one stamped exactly at the close counts, one stamped 1 ms
 * later does not).
 *
 * - A record whose value is NaN (a source that left the field empty) carries no information and is
 *   skipped: the previous value stays the last known one.
 * - `maxAgeMs` bounds how stale the last known value may be: when the newest usable record is older
 *   than that at the bar's close, the bar gets NaN (a hole in the funding or OI archive shows as
 *   missing, not as a frozen value).
 *
 * Records must be in non-decreasing time (the store returns them ordered); with equal times the
 * later one wins.
 */

/** A timestamped series: `time` in UTC epoch ms, non-decreasing; `value` NaN where unknown. */
export interface TimedSeries {
  time: Float64Array;
  value: Float64Array;
}

export interface AlignParams {
  /** Bar length in ms: bar i closes at time[i] + intervalMs. */
  intervalMs: number;
  /** Oldest a record may be at a bar's close to count; Infinity for no limit. */
  maxAgeMs: number;
}

export function checkAlignParams(where: string, params: AlignParams): void {
  if (!(params.intervalMs > 0) || !Number.isFinite(params.intervalMs)) {
    throw new RangeError(`${where}: intervalMs must be a positive number of ms, got ${params.intervalMs}`);
  }
  if (!(params.maxAgeMs >= 0)) {
    throw new RangeError(`${where}: maxAgeMs must be ≥ 0 (or Infinity), got ${params.maxAgeMs}`);
  }
}

/** Refuses a series whose columns differ in length or whose times are not finite and non-decreasing. */
export function checkTimedSeries(where: string, series: TimedSeries): void {
  const { time, value } = series;
  if (time.length !== value.length) {
    throw new RangeError(`${where}: series has ${time.length} times but ${value.length} values`);
  }
  for (let k = 0; k < time.length; k++) {
    if (!Number.isFinite(time[k]) || (k > 0 && time[k] < time[k - 1])) {
      throw new RangeError(
        `${where}: series times must be finite and non-decreasing (record ${k}: ${time[k]} after ${time[k - 1]})`,
      );
    }
  }
}

/**
 * The value of `series` known at each bar's close (see above), NaN where none is. `barTimes` are
 * bar open times in increasing order. Two pointers: O(bars + records).
 */
export function alignPointInTime(
  barTimes: Float64Array,
  series: TimedSeries,
  params: AlignParams,
  out?: Float64Array,
): Float64Array {
  checkAlignParams('alignPointInTime', params);
  checkTimedSeries('alignPointInTime', series);
  const n = barTimes.length;
  const res = outputFor('alignPointInTime', n, out);
  const { time, value } = series;
  const { intervalMs, maxAgeMs } = params;
  const m = time.length;
  let next = 0;
  let lastTime = Number.NaN;
  let lastValue = Number.NaN;
  for (let i = 0; i < n; i++) {
    // A bar time going back would read records the cursor already passed, i.e. from the future.
    if (i > 0 && !(barTimes[i] > barTimes[i - 1])) {
      throw new RangeError(
        `alignPointInTime: bar times must increase (bar ${i}: ${barTimes[i]} after ${barTimes[i - 1]})`,
      );
    }
    const close = barTimes[i] + intervalMs;
    while (next < m && time[next] <= close) {
      if (!Number.isNaN(value[next])) {
        lastTime = time[next];
        lastValue = value[next];
      }
      next++;
    }
    res[i] = close - lastTime <= maxAgeMs ? lastValue : Number.NaN;
  }
  return res;
}

/**
 * The value known at `close` by binary search (what `alignPointInTime` gives for a bar closing
 * then): the streams use it, so they need no cursor into a series that may be reloaded or grow.
 */
export function valueKnownAt(series: TimedSeries, close: number, maxAgeMs: number): number {
  const { time, value } = series;
  // First record stamped after the close.
  let lo = 0;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[mid] <= close) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo - 1; k >= 0; k--) {
    if (close - time[k] > maxAgeMs) return Number.NaN;
    if (!Number.isNaN(value[k])) return value[k];
  }
  return Number.NaN;
}

/**
 * Bar-by-bar alignment: `update(barTime, series)` returns what `alignPointInTime` gives for that
 * bar. Stateless (the value depends only on the bar's close and the series), so the snapshot is
 * empty; the series is checked once per array it is given.
 */
export class PointInTimeStream {
  private checked: Float64Array | null = null;

  constructor(readonly params: AlignParams) {
    checkAlignParams('PointInTimeStream', params);
  }

  update(barTime: number, series: TimedSeries): number {
    if (series.time !== this.checked) {
      checkTimedSeries('PointInTimeStream', series);
      this.checked = series.time;
    }
    return valueKnownAt(series, barTime + this.params.intervalMs, this.params.maxAgeMs);
  }

  snapshot(): Float64Array {
    return new Float64Array(0);
  }

  static restore(params: AlignParams, state: Float64Array): PointInTimeStream {
    checkStateLength('PointInTimeStream.restore', state, 0);
    return new PointInTimeStream(params);
  }
}
