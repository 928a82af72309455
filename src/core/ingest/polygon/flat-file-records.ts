import type { Database } from 'better-sqlite3';
import type { PolygonDataset } from '../../../shared/contract/index.js';
import { cachedStatement } from '../../store/statement-cache.js';

/**
 * What the lab remembers of an ingested day file (table `flat_files`): the version (ETag, size) it
 * read and which tickers it looked for in it, so a re-run skips it and a newly added ticker
 * re-reads only the days it lacks.
 */
export interface FlatFileRecord {
  key: string;
  dataset: PolygonDataset;
  /** New York date of the file, YYYY-MM-DD. */
  day: string;
  etag: string | null;
  size: number;
  /**
   * Tickers looked for in this version of the file (found in it or not); a minute file's entry
   * reads `AAPL+ext` when its pre- and after-market bars were taken too (see plan-flat-files.ts).
   */
  tickers: string[];
  /** Bars stored from it. */
  bars: number;
  ingestedAt: number;
}

interface Row {
  key: string;
  dataset: PolygonDataset;
  day: string;
  etag: string | null;
  size: number;
  tickers: string;
  bars: number;
  ingested_at: number;
}

export function findFlatFileRecord(db: Database, key: string): FlatFileRecord | undefined {
  const row = cachedStatement(db, 'SELECT * FROM flat_files WHERE key = ?').get(key) as Row | undefined;
  if (!row) return undefined;
  return {
    key: row.key,
    dataset: row.dataset,
    day: row.day,
    etag: row.etag,
    size: row.size,
    tickers: row.tickers === '' ? [] : row.tickers.split(','),
    bars: row.bars,
    ingestedAt: row.ingested_at,
  };
}

/** Not transactional by itself: stored in the same transaction as the file's bars. */
export function saveFlatFileRecord(db: Database, record: FlatFileRecord): void {
  cachedStatement(
    db,
    `INSERT OR REPLACE INTO flat_files (key, dataset, day, etag, size, tickers, bars, ingested_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    record.key,
    record.dataset,
    record.day,
    record.etag,
    record.size,
    [...record.tickers].sort().join(','),
    record.bars,
    record.ingestedAt,
  );
}
