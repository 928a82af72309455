import { alignPointInTime, PointInTimeStream, type TimedSeries } from './align-point-in-time.js';
import { checkStateLength, checkTaPeriod, outputFor } from './internal/ta-params.js';

/**
 * Open-interest change of a perpetual over N bars, point-in-time: with OI_i the open interest last
 * known at bar i's close (align-point-in-time.ts), the value is 100 · (OI_i / OI_{i−N} − 1), the
 * percent change like TA-Lib's ROC. NaN for the first N bars, where either end is unknown (no
 * record yet, or the last one older than `maxAgeMs`), and where OI_{i−N} is not positive (unlike
 * ROC's 0, "no open interest" is not "no change").
 *
 * Open interest is the contract count (not its quote value, which moves with the price). Binance
 * stamps a metrics row at the snapshot time (5-minute grid in Data Vision's metrics archives); the
 * row is taken as known from that time.
 */

export interface OpenInterestChangeParams {
  /** N: bars between the two ends. */
  bars: number;
  intervalMs: number;
  /** Oldest an OI record may be at a bar's close to count. */
  maxAgeMs: number;
}

/** Data Vision's metrics rows are 5 minutes apart: a value older than an hour means a hole. */
export const OPEN_INTEREST_MAX_AGE_MS = 3_600_000;

function changePct(now: number, earlier: number): number {
  return earlier > 0 ? (now / earlier - 1) * 100 : Number.NaN;
}

/** OI change in percent over `params.bars` bars at each bar (see above). */
export function openInterestChange(
  barTimes: Float64Array,
  openInterest: TimedSeries,
  params: OpenInterestChangeParams,
  out?: Float64Array,
): Float64Array {
  checkTaPeriod('openInterestChange', 'bars', params.bars, 1);
  const known = alignPointInTime(barTimes, openInterest, params);
  const res = outputFor('openInterestChange', barTimes.length, out);
  const period = params.bars;
  res.fill(Number.NaN, 0, Math.min(period, barTimes.length));
  for (let i = period; i < barTimes.length; i++) res[i] = changePct(known[i], known[i - period]);
  return res;
}

/**
 * Bar by bar: `update(barTime, openInterest)` returns what `openInterestChange` gives. State:
 * [count, head, ring of the last N known OI values].
 */
export class OpenInterestChangeStream {
  private readonly align: PointInTimeStream;
  private readonly ring: Float64Array;
  private count = 0;
  private head = 0;

  constructor(readonly params: OpenInterestChangeParams) {
    checkTaPeriod('OpenInterestChangeStream', 'bars', params.bars, 1);
    this.align = new PointInTimeStream(params);
    this.ring = new Float64Array(params.bars);
  }

  update(barTime: number, openInterest: TimedSeries): number {
    const known = this.align.update(barTime, openInterest);
    // Once N values are held, the slot about to be overwritten holds OI_{i−N}.
    const value = this.count >= this.params.bars ? changePct(known, this.ring[this.head]) : Number.NaN;
    this.ring[this.head] = known;
    this.head = this.head + 1 === this.params.bars ? 0 : this.head + 1;
    if (this.count < this.params.bars) this.count++;
    return value;
  }

  snapshot(): Float64Array {
    const state = new Float64Array(2 + this.params.bars);
    state[0] = this.count;
    state[1] = this.head;
    state.set(this.ring, 2);
    return state;
  }

  static restore(params: OpenInterestChangeParams, state: Float64Array): OpenInterestChangeStream {
    const stream = new OpenInterestChangeStream(params);
    checkStateLength('OpenInterestChangeStream.restore', state, 2 + params.bars);
    stream.count = state[0];
    stream.head = state[1];
    stream.ring.set(state.subarray(2));
    return stream;
  }
}
