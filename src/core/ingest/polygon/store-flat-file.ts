import type { Database } from 'better-sqlite3';
import { BarStore } from '../../store/bar-store.js';
import type { BarColumns } from '../../store/bar-columns.js';
import { upsertInstrument } from '../../store/instruments.js';
import { saveFlatFileRecord, type FlatFileRecord } from './flat-file-records.js';

/** Source name of bars from the flat files: the best stock source (Yahoo never overwrites it). */
export const POLYGON_FLAT_SOURCE = 'polygon-flat';

/** The instrument a US stock or ETF ticker is stored under. */
export function stockInstrumentId(db: Database, ticker: string, now: number): number {
  return upsertInstrument(
    db,
    { symbol: ticker, venue: 'us', market: 'stock', base: ticker, quote: 'USD' },
    now,
  );
}

/**
 * Stores every ticker's bars from one day file and the file's record in ONE transaction, after
 * the whole file parsed: a crash or a later error never leaves part of a file stored, nor a record
 * claiming bars that are not there. Returns the bars stored.
 */
export function storeFlatFile(
  db: Database,
  interval: '1m' | '1d',
  bars: Map<string, BarColumns>,
  record: Omit<FlatFileRecord, 'bars'> & { previousBars: number },
): number {
  const store = new BarStore(db);
  return db.transaction(() => {
    let stored = 0;
    for (const [ticker, columns] of bars) {
      const instrumentId = stockInstrumentId(db, ticker, record.ingestedAt);
      stored += store.writeBars({
        instrumentId,
        interval,
        source: POLYGON_FLAT_SOURCE,
        rawFileId: null,
        columns,
      });
    }
    const { previousBars, ...rest } = record;
    saveFlatFileRecord(db, { ...rest, bars: previousBars + stored });
    return stored;
  })();
}
