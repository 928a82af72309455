import type { Database } from 'better-sqlite3';
import { cachedStatement } from './statement-cache.js';

export interface RawFileRecord {
  path: string;
  size: number;
  sha256: string;
  /** Where the file came from: a URL, or "local" for an import from disk. */
  origin: string;
  instrumentId: number | null;
  interval: string | null;
  bars: number;
  ingestedAt: number;
}

/** The file with this content was ingested before (whatever its name or folder now). */
export function findRawFileBySha256(db: Database, sha256: string): { id: number; path: string } | undefined {
  return cachedStatement(db, 'SELECT id, path FROM raw_files WHERE sha256 = ?').get(sha256) as
    { id: number; path: string } | undefined;
}

export function insertRawFile(db: Database, record: RawFileRecord): number {
  const result = cachedStatement(
    db,
    `INSERT INTO raw_files (path, size, sha256, origin, instrument_id, interval, bars, ingested_at)
       VALUES (@path, @size, @sha256, @origin, @instrumentId, @interval, @bars, @ingestedAt)`,
  ).run(record);
  return Number(result.lastInsertRowid);
}

/** Records the final bar count once the file's bars are written (same transaction). */
export function setRawFileBars(db: Database, id: number, bars: number): void {
  cachedStatement(db, 'UPDATE raw_files SET bars = ? WHERE id = ?').run(bars, id);
}
