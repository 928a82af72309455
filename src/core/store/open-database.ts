import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrate.js';

export const DATABASE_FILE = 'tradelab.sqlite';

export interface OpenDatabaseOptions {
  /** better-sqlite3 binary built for the running ABI (Electron ships its own). */
  nativeBinding?: string;
  readonly?: boolean;
}

/**
 * Opens (creating if needed) the lab database in `dataDir`: WAL so readers never block the writer
 * in a job host, a busy timeout so two processes writing wait instead of failing, and migrations.
 */
export function openDatabase(dataDir: string, options: OpenDatabaseOptions = {}): Database.Database {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
  } catch (err) {
    throw new Error(
      `Cannot create the data dir "${dataDir}": ${(err as Error).message}. ` +
        'Choose a writable folder with --data-dir or TRADELAB_HOME.',
      { cause: err },
    );
  }
  const file = path.join(dataDir, DATABASE_FILE);
  const db = new Database(file, {
    readonly: options.readonly ?? false,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  db.pragma('busy_timeout = 10000');
  if (!options.readonly) {
    // 16 KiB pages hold a 1m day chunk's column (11.5 KB) without overflow pages: ingest ran 1.5x
    // faster than with 4 KiB (docs/benchmarks.md). Only takes effect on a new, empty database.
    db.pragma('page_size = 16384');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
  }
  return db;
}
