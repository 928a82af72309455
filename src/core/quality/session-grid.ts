import { DAY_MS, isoDate, weekdayOf } from '../calendar/civil-date.js';
import { newYorkDay, newYorkOffsetMs, newYorkWallTimeToUtc } from '../calendar/new-york-time.js';
import { holidayName, sessionOnDay, type Session } from '../calendar/nyse-calendar.js';
import { sessionBarCount, sessionSlotsOpenedBy } from '../calendar/session-bars.js';
import type { IntervalGrid } from './interval-grid.js';

/**
 * Grids for US stocks: bars are expected only in NYSE regular sessions, so nights, weekends and
 * holidays are no gaps, a half day expects 210 one-minute bars, and a session missing entirely
 * counts all of its bars as missing.
 */

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function closedDayReason(day: number): string {
  const date = isoDate(day);
  const holiday = holidayName(date);
  if (holiday) return `${date}, an NYSE holiday (${holiday})`;
  return `${WEEKDAY_NAMES[weekdayOf(day)]} ${date}, a day without a session`;
}

/** HH:MM New York wall time of a UTC time. */
function newYorkClock(t: number): string {
  const local = t + newYorkOffsetMs(t);
  const minutes = Math.floor((local - Math.floor(local / DAY_MS) * DAY_MS) / 60_000);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * Intraday bars open at the session open plus whole steps (Yahoo's hourly bars open 09:30, 10:30 …,
 * the last one cut short by the close). A bar outside the regular session (pre-market, after hours)
 * is kept but neither expected nor a gap.
 */
export class IntradaySessionGrid implements IntervalGrid {
  readonly boundary: string;
  // The scan asks per bar and bars come in time order, so the New York day last looked up is kept.
  private cachedDayStart = Number.NaN;
  private cachedDayEnd = Number.NaN;
  private cachedSession: Session | null = null;

  constructor(
    readonly interval: string,
    readonly stepMs: number,
  ) {
    this.boundary = `a whole ${interval} step from the 09:30 New York open`;
  }

  isExpected(time: number): boolean {
    // A time that is not a number is reported as misaligned, where the report names it.
    if (!Number.isFinite(time)) return true;
    const session = this.sessionAt(time);
    return session !== null && time >= session.open && time < session.close;
  }

  /** On open + k·step of its session; a time outside every session is on no session's grid. */
  isAligned(time: number): boolean {
    const session = this.sessionAt(time);
    return (
      session !== null &&
      time >= session.open &&
      time < session.close &&
      (time - session.open) % this.stepMs === 0
    );
  }

  stepsBetween(from: number, to: number): number {
    if (!Number.isFinite(from) || !Number.isFinite(to)) return Number.NaN;
    if (to < from) return -this.stepsBetween(to, from);
    // Fast path for the scan's usual step, two bars of the same New York day.
    const session = this.sessionAt(to);
    if (from >= this.cachedDayStart) {
      return session === null
        ? 0
        : sessionSlotsOpenedBy(session, this.stepMs, to) - sessionSlotsOpenedBy(session, this.stepMs, from);
    }
    const fromDay = newYorkDay(from);
    const toDay = newYorkDay(to);
    const fromSession = sessionOnDay(fromDay);
    if (fromDay === toDay) {
      return fromSession === null
        ? 0
        : sessionSlotsOpenedBy(fromSession, this.stepMs, to) -
            sessionSlotsOpenedBy(fromSession, this.stepMs, from);
    }
    let steps = 0;
    if (fromSession !== null) {
      steps +=
        sessionBarCount(fromSession, this.stepMs) - sessionSlotsOpenedBy(fromSession, this.stepMs, from);
    }
    for (let day = fromDay + 1; day < toDay; day++) {
      const session = sessionOnDay(day);
      if (session !== null) steps += sessionBarCount(session, this.stepMs);
    }
    const toSession = sessionOnDay(toDay);
    if (toSession !== null) steps += sessionSlotsOpenedBy(toSession, this.stepMs, to);
    return steps;
  }

  describeUnexpected(time: number): string {
    const day = newYorkDay(time);
    const session = this.sessionAt(time);
    const clock = newYorkClock(time);
    if (session === null) return `bar opens at ${clock} New York on ${closedDayReason(day)}`;
    const part = time < session.open ? 'pre-market' : 'after hours';
    return `bar opens at ${clock} New York, outside the regular session (${part})`;
  }

  private sessionAt(time: number): Session | null {
    if (!Number.isFinite(time)) return null;
    if (!(time >= this.cachedDayStart && time < this.cachedDayEnd)) {
      const day = newYorkDay(time);
      this.cachedSession = sessionOnDay(day);
      // New York midnights of this day and the next, in UTC: the span the cached answer holds for.
      this.cachedDayStart = newYorkWallTimeToUtc(day, 0);
      this.cachedDayEnd = newYorkWallTimeToUtc(day + 1, 0);
    }
    return this.cachedSession;
  }
}

/**
 * Daily stock bars are stored at 00:00 UTC of the New York session date, one per session. A bar
 * dated on a weekend or holiday is kept but not expected.
 */
export class DailySessionGrid implements IntervalGrid {
  readonly interval = '1d';
  readonly stepMs = DAY_MS;
  readonly boundary = '00:00 UTC of the New York session date';

  isExpected(time: number): boolean {
    if (!Number.isFinite(time)) return true;
    return sessionOnDay(Math.floor(time / DAY_MS)) !== null;
  }

  isAligned(time: number): boolean {
    return time % DAY_MS === 0;
  }

  /** Sessions whose dates lie in (from's date, to's date]. */
  stepsBetween(from: number, to: number): number {
    if (!Number.isFinite(from) || !Number.isFinite(to)) return Number.NaN;
    if (to < from) return -this.stepsBetween(to, from);
    let steps = 0;
    const lastDay = Math.floor(to / DAY_MS);
    for (let day = Math.floor(from / DAY_MS) + 1; day <= lastDay; day++) {
      if (sessionOnDay(day) !== null) steps++;
    }
    return steps;
  }

  describeUnexpected(time: number): string {
    return `daily bar dated ${closedDayReason(Math.floor(time / DAY_MS))}`;
  }
}
