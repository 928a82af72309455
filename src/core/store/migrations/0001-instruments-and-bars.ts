import type { Migration } from './migration.js';

/**
 * Instruments, the raw files they came from, and bars as columnar day chunks: one row per
 * (instrument, interval, UTC day) holding each column as a packed little-endian Float64Array.
 */
export const migration0001: Migration = {
  version: 1,
  name: 'instruments-and-bars',
  up(db) {
    db.exec(`
      CREATE TABLE instruments (
        id INTEGER PRIMARY KEY,
        symbol TEXT NOT NULL,
        venue TEXT NOT NULL,
        market TEXT NOT NULL CHECK (market IN ('stock', 'crypto-spot', 'crypto-perp')),
        base TEXT,
        quote TEXT,
        created_at INTEGER NOT NULL,
        UNIQUE (venue, market, symbol)
      );

      CREATE TABLE raw_files (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL UNIQUE,
        origin TEXT NOT NULL,
        instrument_id INTEGER REFERENCES instruments(id),
        interval TEXT,
        bars INTEGER NOT NULL,
        ingested_at INTEGER NOT NULL
      );

      CREATE TABLE bar_chunks (
        instrument_id INTEGER NOT NULL REFERENCES instruments(id),
        interval TEXT NOT NULL,
        day INTEGER NOT NULL,
        bar_count INTEGER NOT NULL,
        first_time REAL NOT NULL,
        last_time REAL NOT NULL,
        gap_count INTEGER NOT NULL,
        source TEXT NOT NULL,
        raw_file_id INTEGER REFERENCES raw_files(id),
        time BLOB NOT NULL,
        open BLOB NOT NULL,
        high BLOB NOT NULL,
        low BLOB NOT NULL,
        close BLOB NOT NULL,
        volume BLOB NOT NULL,
        quote_volume BLOB,
        trades BLOB,
        taker_buy_base BLOB,
        taker_buy_quote BLOB,
        PRIMARY KEY (instrument_id, interval, day)
      ) WITHOUT ROWID;
    `);
  },
};
