import { BarStore } from '../../../src/core/store/bar-store.js';
import type { BarColumns } from '../../../src/core/store/bar-columns.js';
import { findInstrument } from '../../../src/core/store/instruments.js';
import { openDatabase } from '../../../src/core/store/open-database.js';
import { dayAggregate } from './flat-file-format.js';
import { newYorkMidnight, type SourceMinute } from './source-minutes.js';

const HOUR = 3_600_000;

/**
 * Whether a minute lies in 09:30–16:00 New York by the wall clock (the platform's time-zone data,
 * not the lab's calendar). The fixture days are all full sessions, no early closes.
 */
export function inRegularSession(m: SourceMinute): boolean {
  const sinceMidnight = m.time - newYorkMidnight(m.date);
  return sinceMidnight >= 9.5 * HOUR && sinceMidnight < 16 * HOUR;
}

/** The 1m bars the store must hold for a ticker: its source minutes on those dates, in time order. */
export function expectedMinutes(
  days: Map<string, SourceMinute[]>,
  ticker: string,
  dates: string[],
  extendedHours = false,
): SourceMinute[] {
  return dates
    .flatMap((date) => days.get(date) ?? [])
    .filter((m) => m.ticker === ticker && (extendedHours || inRegularSession(m)))
    .sort((a, b) => a.time - b.time);
}

/** The 1d bars the store must hold: one aggregate per date, at 00:00 UTC of the New York date. */
export function expectedDays(
  days: Map<string, SourceMinute[]>,
  ticker: string,
  dates: string[],
): SourceMinute[] {
  return dates
    .map((date) => (days.get(date) ?? []).filter((m) => m.ticker === ticker))
    .filter((minutes) => minutes.length > 0)
    .map((minutes) => ({ ...dayAggregate(minutes), time: Date.parse(`${minutes[0].date}T00:00:00Z`) }));
}

/** Stored bars of a US stock, or null when the lab has no such instrument. */
export function storedStockBars(dataDir: string, ticker: string, interval: '1m' | '1d'): BarColumns | null {
  const db = openDatabase(dataDir);
  try {
    const instrument = findInstrument(db, { symbol: ticker, venue: 'us', market: 'stock' });
    if (!instrument) return null;
    return new BarStore(db).readBars({ instrumentId: instrument.id, interval });
  } finally {
    db.close();
  }
}

/** Plain arrays of what is stored and what the source says, for one toEqual (every value compared). */
export function comparable(
  stored: BarColumns | null,
  expected: SourceMinute[],
): { stored: number[][]; expected: number[][] } {
  const rows = (n: number, at: (i: number) => number[]) => Array.from({ length: n }, (_, i) => at(i));
  return {
    stored: stored
      ? rows(stored.time.length, (i) => [
          stored.time[i],
          stored.open[i],
          stored.high[i],
          stored.low[i],
          stored.close[i],
          stored.volume[i],
        ])
      : [],
    expected: expected.map((m) => [
      m.time,
      parseFloat(m.open),
      parseFloat(m.high),
      parseFloat(m.low),
      parseFloat(m.close),
      Number(m.volume),
    ]),
  };
}
