import type { Database } from 'better-sqlite3';
import { findInstrument } from '../../store/instruments.js';
import { cachedStatement } from '../../store/statement-cache.js';
import { utcDay } from '../../time/intervals.js';
import { POLYGON_FLAT_SOURCE } from './store-flat-file.js';

/**
 * The tickers that already have flat-file bars at one of `intervals` between two New York dates.
 * A re-run that finds every file up to date reads none of them, yet the tickers it stored before
 * were found then: this is how such a run tells them from tickers no file ever had.
 */
export function tickersWithFlatFileBars(
  db: Database,
  tickers: readonly string[],
  range: { from: string; to: string },
  intervals: readonly string[],
): Set<string> {
  const firstDay = utcDay(Date.parse(`${range.from}T00:00:00Z`));
  // Minute bars of late sessions can fall on the next UTC day (after-hours end at 01:00 UTC).
  const lastDay = utcDay(Date.parse(`${range.to}T00:00:00Z`)) + 1;
  const query = cachedStatement(
    db,
    `SELECT 1 FROM bar_chunks WHERE instrument_id = ? AND interval = ? AND source = ? AND day BETWEEN ? AND ? LIMIT 1`,
  );
  const out = new Set<string>();
  for (const ticker of tickers) {
    const instrument = findInstrument(db, { symbol: ticker, venue: 'us', market: 'stock' });
    if (!instrument) continue;
    if (intervals.some((iv) => query.get(instrument.id, iv, POLYGON_FLAT_SOURCE, firstDay, lastDay)))
      out.add(ticker);
  }
  return out;
}
