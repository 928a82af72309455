import { DAY_MS } from '../../calendar/civil-date.js';
import { newYorkDay, newYorkWallTimeToUtc } from '../../calendar/new-york-time.js';
import { sessionOnDay } from '../../calendar/nyse-calendar.js';
import { inputLength, outputFor } from './internal/ta-params.js';

export { vwapRolling, VwapRollingStream } from './internal/rolling-vwap.js';

/**
 * Anchored VWAP (TA-Lib has none): Σ(typical price × volume) / Σ volume over the bars since the
 * anchor, typical price = (high + low + close) / 3 as in TA-Lib's TYPPRICE. The sums restart at each
 * anchor:
 * - 'utc-day' (crypto, 24/7): at 00:00 UTC; the bar opening at midnight is the first of its day.
 * - 'nyse-session' (stocks): at the NYSE regular-session open (09:30 New York, DST and holidays from
 *   the lab's calendar). A bar belongs to the session whose [open, close) holds its open time;
 *   pre-market and after-hours bars belong to none: their value is NaN and they do not count.
 *   A bar stamped 00:00 UTC of a session date that follows the previous bar by a day or more (how
 *   daily stock bars are stored) is that whole session: its VWAP is its typical price.
 *
 * NaN until the anchor's bars have some volume (Σ volume = 0 gives no price). A bar with a NaN
 * price or volume adds nothing; the running value stays that of the bars before it.
 */
export type VwapAnchor = 'utc-day' | 'nyse-session';

export const VWAP_ANCHORS: readonly VwapAnchor[] = ['utc-day', 'nyse-session'];

/**
 * The anchor key of each bar: bars with the same key accumulate together, NaN is no anchor. Keeps
 * the previous bar's time (daily-bar rule) and the New York day last looked up, as its UTC span and
 * its session (most bars fall on the same day as the bar before, so the calendar is asked once per
 * day rather than per bar).
 */
class AnchorKeys {
  prevTime = Number.NaN;
  private dayStart = Number.NaN;
  private dayEnd = Number.NaN;
  /** The cached day's session open and close (NaN on a day without a session). */
  private open = Number.NaN;
  private close = Number.NaN;

  constructor(readonly anchor: VwapAnchor) {
    if (anchor !== 'utc-day' && anchor !== 'nyse-session') {
      throw new Error(`vwap: unknown anchor "${String(anchor)}" (expected ${VWAP_ANCHORS.join(' or ')})`);
    }
  }

  key(t: number): number {
    const prev = this.prevTime;
    this.prevTime = t;
    if (t !== t) return Number.NaN;
    if (this.anchor === 'utc-day') return Math.floor(t / DAY_MS);
    if (!(t >= this.dayStart && t < this.dayEnd)) this.lookUpDay(t);
    if (t >= this.open && t < this.close) return this.open;
    // A daily bar: stamped at 00:00 UTC of its New York date and a day or more after the last bar
    // (an after-hours minute bar at 19:00 EST is also 00:00 UTC, but follows a bar minutes earlier).
    if (t % DAY_MS === 0 && !(t - prev < DAY_MS) && sessionOnDay(t / DAY_MS) !== null) {
      return -1 - t / DAY_MS; // negative: never equal to a session open
    }
    return Number.NaN;
  }

  private lookUpDay(t: number): void {
    const day = newYorkDay(t);
    this.dayStart = newYorkWallTimeToUtc(day, 0);
    this.dayEnd = newYorkWallTimeToUtc(day + 1, 0);
    const session = sessionOnDay(day);
    this.open = session ? session.open : Number.NaN;
    this.close = session ? session.close : Number.NaN;
  }
}

/** VWAP restarting at each anchor; full length, NaN outside anchors and before any volume. */
export function vwapAnchored(
  time: Float64Array,
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  anchor: VwapAnchor,
  out?: Float64Array,
): Float64Array {
  const n = inputLength('vwapAnchored', { time, high, low, close, volume });
  const res = outputFor('vwapAnchored', n, out);
  const keys = new AnchorKeys(anchor);
  let current = Number.NaN;
  let sumPv = 0;
  let sumV = 0;
  for (let i = 0; i < n; i++) {
    const key = keys.key(time[i]);
    if (key !== key) {
      res[i] = Number.NaN;
      continue;
    }
    if (key !== current) {
      current = key;
      sumPv = 0;
      sumV = 0;
    }
    const v = volume[i];
    const pv = ((high[i] + low[i] + close[i]) / 3) * v;
    if (pv === pv) {
      sumPv += pv;
      sumV += v;
    }
    res[i] = sumV > 0 ? sumPv / sumV : Number.NaN;
  }
  return res;
}

/**
 * Anchored VWAP bar by bar; `update` returns what `vwapAnchored` gives at that bar.
 * State: [previous bar time, current anchor key, Σ price·volume, Σ volume].
 */
export class VwapStream {
  private readonly keys: AnchorKeys;
  private current = Number.NaN;
  private sumPv = 0;
  private sumV = 0;

  constructor(readonly params: { anchor: VwapAnchor }) {
    this.keys = new AnchorKeys(params.anchor);
  }

  update(time: number, high: number, low: number, close: number, volume: number): number {
    const key = this.keys.key(time);
    if (key !== key) return Number.NaN;
    if (key !== this.current) {
      this.current = key;
      this.sumPv = 0;
      this.sumV = 0;
    }
    const pv = ((high + low + close) / 3) * volume;
    if (pv === pv) {
      this.sumPv += pv;
      this.sumV += volume;
    }
    return this.sumV > 0 ? this.sumPv / this.sumV : Number.NaN;
  }

  snapshot(): Float64Array {
    return Float64Array.of(this.keys.prevTime, this.current, this.sumPv, this.sumV);
  }

  static restore(params: { anchor: VwapAnchor }, state: Float64Array): VwapStream {
    if (state.length !== 4) throw new Error(`VwapStream.restore: expected 4 numbers, got ${state.length}`);
    const s = new VwapStream(params);
    s.keys.prevTime = state[0];
    s.current = state[1];
    s.sumPv = state[2];
    s.sumV = state[3];
    return s;
  }
}
