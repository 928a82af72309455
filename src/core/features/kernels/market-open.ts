import { newYorkDay } from '../../calendar/new-york-time.js';
import type { Session } from '../../calendar/nyse-calendar.js';
import { checkStateLength, outputFor } from './internal/ta-params.js';

/**
 * Market-open flag for stock bars: 1 when the bar [t, t + intervalMs) overlaps a regular NYSE
 * session (09:30–16:00 New York, 13:00 on early closes; holidays and weekends have none), else 0.
 * Overlap rather than "open time inside the session" so that daily bars (stamped at New York
 * midnight) and hourly bars stamped 09:00 count on trading days. A minute bar 09:29 is 0, 09:30
 * is 1, 15:59 is 1, 16:00 is 0.
 *
 * The calendar is a published schedule, not data, so reading it for bar i uses nothing after i.
 * Crypto trades around the clock: its flag is 1 without this kernel (see definitions/context.ts).
 * A NaN bar time gives 0.
 */

export type SessionLookup = (newYorkDayNumber: number) => Session | null;

/** 1 when [t, t + intervalMs) overlaps a regular session, else 0. */
export function barInSession(t: number, intervalMs: number, sessionOnDay: SessionLookup): number {
  const end = t + intervalMs;
  const lastDay = newYorkDay(end - 1);
  for (let day = newYorkDay(t); day <= lastDay; day++) {
    const session = sessionOnDay(day);
    if (session !== null && session.open < end && session.close > t) return 1;
  }
  return 0;
}

export function marketOpenFlag(
  barTimes: Float64Array,
  intervalMs: number,
  sessionOnDay: SessionLookup,
  out?: Float64Array,
): Float64Array {
  checkInterval('marketOpenFlag', intervalMs);
  const n = barTimes.length;
  const res = outputFor('marketOpenFlag', n, out);
  for (let i = 0; i < n; i++) res[i] = barInSession(barTimes[i], intervalMs, sessionOnDay);
  return res;
}

/** Bar by bar: `update(barTime)` returns what `marketOpenFlag` gives. Stateless (empty snapshot). */
export class MarketOpenStream {
  constructor(
    readonly intervalMs: number,
    private readonly sessionOnDay: SessionLookup,
  ) {
    checkInterval('MarketOpenStream', intervalMs);
  }

  update(barTime: number): number {
    return barInSession(barTime, this.intervalMs, this.sessionOnDay);
  }

  snapshot(): Float64Array {
    return new Float64Array(0);
  }

  static restore(intervalMs: number, sessionOnDay: SessionLookup, state: Float64Array): MarketOpenStream {
    checkStateLength('MarketOpenStream.restore', state, 0);
    return new MarketOpenStream(intervalMs, sessionOnDay);
  }
}

function checkInterval(where: string, intervalMs: number): void {
  if (!(intervalMs > 0) || !Number.isFinite(intervalMs)) {
    throw new RangeError(`${where}: intervalMs must be a positive number of ms, got ${intervalMs}`);
  }
}
