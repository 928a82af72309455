import type { PolygonDataset } from '../../../shared/contract/index.js';
import { extendedHoursBounds, newYorkDate, sessionOn } from '../../calendar/nyse-calendar.js';
import { FlatFileRejected } from './flat-file-rejected.js';

const MINUTE_MS = 60_000;

/**
 * Decides, for each row of one day file, the time its bar is stored at, or null to leave it out.
 * Throws FlatFileRejected for a row that cannot belong to the file: a window_start on another New
 * York date than the file's name, or a minute bar that does not start on a whole minute.
 */
export type BarTimeRule = (windowStartMs: number, line: number) => number | null;

/**
 * Minute files hold 04:00–20:00 New York. The regular session (09:30–16:00, 13:00 on early-close
 * days, from the NYSE calendar) is kept unless `extendedHours`, which keeps the pre- and
 * after-market bars too. A bar is stored at its open (window_start).
 */
export function minuteBarTimes(date: string, extendedHours: boolean): BarTimeRule {
  const session = sessionOn(date);
  const bounds = extendedHours ? extendedHoursBounds(date) : null;
  const from = bounds ? bounds.preOpen : (session?.open ?? 0);
  const to = bounds ? bounds.postClose : (session?.close ?? 0);
  return (time, line) => {
    checkDate(time, date, line);
    if (time % MINUTE_MS !== 0) {
      throw new FlatFileRejected(
        `window_start ${new Date(time).toISOString()} does not start on a whole minute`,
        line,
      );
    }
    return time >= from && time < to ? time : null;
  };
}

/**
 * Day files stamp a session at New York midnight; the lab stores daily stock bars at 00:00 UTC of
 * the New York session date, so one session is one day chunk.
 */
export function dayBarTimes(date: string): BarTimeRule {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  return (time, line) => {
    checkDate(time, date, line);
    return utcMidnight;
  };
}

export function barTimeRule(dataset: PolygonDataset, date: string, extendedHours: boolean): BarTimeRule {
  return dataset === 'minute' ? minuteBarTimes(date, extendedHours) : dayBarTimes(date);
}

function checkDate(time: number, date: string, line: number): void {
  const actual = newYorkDate(time);
  if (actual !== date) {
    throw new FlatFileRejected(
      `window_start ${new Date(time).toISOString()} is on ${actual} (New York), not on the file's day ${date}`,
      line,
    );
  }
}
