import type { Migration } from './migration.js';

/**
 * What the Binance downloaders keep beside the bars: the remote archives seen (ETag, size, where
 * the verified copy sits in the raw cache), futures funding / open interest / premium index rows,
 * point-in-time universe snapshots, quality reports, and user settings (endpoints).
 */
export const migration0003: Migration = {
  version: 3,
  name: 'binance-data',
  up(db) {
    db.exec(`
      CREATE TABLE remote_files (
        key TEXT PRIMARY KEY,
        local_path TEXT NOT NULL,
        size INTEGER NOT NULL,
        etag TEXT,
        last_modified TEXT,
        sha256 TEXT NOT NULL,
        verified_at INTEGER NOT NULL,
        ingested_sha256 TEXT,
        ingested_at INTEGER
      ) WITHOUT ROWID;

      CREATE TABLE funding_rates (
        instrument_id INTEGER NOT NULL REFERENCES instruments(id),
        time INTEGER NOT NULL,
        rate REAL NOT NULL,
        interval_hours REAL,
        mark_price REAL,
        source TEXT NOT NULL,
        PRIMARY KEY (instrument_id, time)
      ) WITHOUT ROWID;

      CREATE TABLE futures_metrics (
        instrument_id INTEGER NOT NULL REFERENCES instruments(id),
        period TEXT NOT NULL,
        time INTEGER NOT NULL,
        open_interest REAL,
        open_interest_value REAL,
        top_trader_account_ratio REAL,
        top_trader_position_ratio REAL,
        long_short_account_ratio REAL,
        taker_buy_sell_ratio REAL,
        source TEXT NOT NULL,
        PRIMARY KEY (instrument_id, period, time)
      ) WITHOUT ROWID;

      CREATE TABLE premium_index (
        instrument_id INTEGER NOT NULL REFERENCES instruments(id),
        time INTEGER NOT NULL,
        mark_price REAL NOT NULL,
        index_price REAL,
        last_funding_rate REAL,
        next_funding_time INTEGER,
        interest_rate REAL,
        PRIMARY KEY (instrument_id, time)
      ) WITHOUT ROWID;

      CREATE TABLE universe_snapshots (
        id INTEGER PRIMARY KEY,
        taken_at INTEGER NOT NULL,
        fetch_n INTEGER NOT NULL,
        select_n INTEGER NOT NULL,
        min_quote_volume REAL NOT NULL,
        candidates INTEGER NOT NULL
      );
      CREATE INDEX universe_snapshots_by_time ON universe_snapshots(taken_at);

      CREATE TABLE universe_members (
        snapshot_id INTEGER NOT NULL REFERENCES universe_snapshots(id) ON DELETE CASCADE,
        rank INTEGER NOT NULL,
        symbol TEXT NOT NULL,
        quote_volume REAL NOT NULL,
        last_price REAL,
        PRIMARY KEY (snapshot_id, rank)
      ) WITHOUT ROWID;

      CREATE TABLE quality_reports (
        instrument_id INTEGER NOT NULL REFERENCES instruments(id),
        interval TEXT NOT NULL,
        computed_at INTEGER NOT NULL,
        report TEXT NOT NULL,
        PRIMARY KEY (instrument_id, interval)
      ) WITHOUT ROWID;

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) WITHOUT ROWID;
    `);
  },
};
