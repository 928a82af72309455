import { SATURDAY, SUNDAY, isoDate, parseIsoDate, weekdayOf } from './civil-date.js';
import { newYorkDay, newYorkWallTimeToUtc } from './new-york-time.js';
import { closureOnDay, isEarlyCloseDay } from './nyse-holidays.js';

export { newYorkDate } from './new-york-time.js';

/**
 * The NYSE calendar, computed: regular sessions 09:30–16:00 New York (13:00 on early-close days),
 * weekends, holidays and DST from rules, so it holds for any year without upkeep.
 */

/** One regular trading session. */
export interface Session {
  /** New York calendar date, YYYY-MM-DD. */
  readonly date: string;
  /** Opening bell, UTC epoch ms. */
  readonly open: number;
  /** Closing bell, UTC epoch ms (exclusive: a bar opening at `close` is outside the session). */
  readonly close: number;
  /** Closes at 13:00 New York instead of 16:00. */
  readonly earlyClose: boolean;
}

const OPEN_MINUTES = 9 * 60 + 30;
const CLOSE_MINUTES = 16 * 60;
const EARLY_CLOSE_MINUTES = 13 * 60;
const PRE_MARKET_MINUTES = 4 * 60;
const POST_MARKET_MINUTES = 20 * 60;
/** On early-close days the late trading session ends at 17:00 New York (NYSE Arca, Nasdaq). */
const EARLY_POST_MARKET_MINUTES = 17 * 60;

// The quality scan asks per bar, so every answer is cached per New York day number.
const sessionByDay = new Map<number, Session | null>();

/** The session on a New York day number (days since 1970-01-01), null on weekends and holidays. */
export function sessionOnDay(day: number): Session | null {
  if (!Number.isInteger(day)) return null;
  const cached = sessionByDay.get(day);
  if (cached !== undefined) return cached;
  const weekday = weekdayOf(day);
  let session: Session | null = null;
  if (weekday !== SATURDAY && weekday !== SUNDAY && closureOnDay(day) === null) {
    const earlyClose = isEarlyCloseDay(day);
    session = Object.freeze({
      date: isoDate(day),
      open: newYorkWallTimeToUtc(day, OPEN_MINUTES),
      close: newYorkWallTimeToUtc(day, earlyClose ? EARLY_CLOSE_MINUTES : CLOSE_MINUTES),
      earlyClose,
    });
  }
  sessionByDay.set(day, session);
  return session;
}

/** The session on a New York date (YYYY-MM-DD), null on weekends and holidays. */
export function sessionOn(date: string): Session | null {
  return sessionOnDay(parseIsoDate(date));
}

/** Whether the regular session is open at a UTC time (open ≤ t < close). */
export function isMarketOpen(t: number): boolean {
  if (!Number.isFinite(t)) return false;
  const session = sessionOnDay(newYorkDay(t));
  return session !== null && t >= session.open && t < session.close;
}

/** Sessions whose New York date lies in the New York dates of [from, to), in date order. */
export function sessionsBetween(from: number, to: number): Session[] {
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) return [];
  const sessions: Session[] = [];
  const lastDay = newYorkDay(to - 1);
  for (let day = newYorkDay(from); day <= lastDay; day++) {
    const session = sessionOnDay(day);
    if (session) sessions.push(session);
  }
  return sessions;
}

/** Name of the holiday or closure the NYSE observes on a date; null on trading days and weekends. */
export function holidayName(date: string): string | null {
  return closureOnDay(parseIsoDate(date));
}

/**
 * Pre-market opening (04:00 New York) and after-hours end (20:00, 17:00 on early-close days) of a
 * session date, UTC ms; null when there is no session that day.
 */
export function extendedHoursBounds(date: string): { preOpen: number; postClose: number } | null {
  const day = parseIsoDate(date);
  const session = sessionOnDay(day);
  if (!session) return null;
  return {
    preOpen: newYorkWallTimeToUtc(day, PRE_MARKET_MINUTES),
    postClose: newYorkWallTimeToUtc(
      day,
      session.earlyClose ? EARLY_POST_MARKET_MINUTES : POST_MARKET_MINUTES,
    ),
  };
}
