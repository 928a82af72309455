import type { Migration } from './migration.js';

/**
 * What the stock, news and alternative-data sources keep beside the bars:
 * - `flat_files`: each Polygon/Massive day file ingested, its ETag and which tickers were taken
 *   from it, so a re-run skips files already done and a newly added ticker re-reads only its days;
 * - `corporate_actions`: splits and dividends (raw prices stay raw; the adjusted series is derived);
 * - `news_items` / `news_tickers`: headlines as first seen (point-in-time, never edited);
 * - `coingecko_snapshots` / `coingecko_items`: market-cap ranks and trending lists recorded forward;
 * - `secrets`: credentials encrypted by the OS keychain (Electron safeStorage); never clear text.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'stocks-news-alt-data',
  up(db) {
    db.exec(`
      CREATE TABLE flat_files (
        key TEXT PRIMARY KEY,
        dataset TEXT NOT NULL,
        day TEXT NOT NULL,
        etag TEXT,
        size INTEGER NOT NULL,
        tickers TEXT NOT NULL,
        bars INTEGER NOT NULL,
        ingested_at INTEGER NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE corporate_actions (
        ticker TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('split', 'dividend')),
        ex_date TEXT NOT NULL,
        ratio REAL,
        amount REAL,
        source TEXT NOT NULL,
        recorded_at INTEGER NOT NULL,
        PRIMARY KEY (ticker, kind, ex_date)
      ) WITHOUT ROWID;

      CREATE TABLE news_items (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        publisher TEXT,
        link TEXT,
        published_at INTEGER NOT NULL,
        seen_at INTEGER NOT NULL,
        sentiment REAL NOT NULL,
        positive_words INTEGER NOT NULL,
        negative_words INTEGER NOT NULL,
        lexicon_version TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE news_tickers (
        ticker TEXT NOT NULL,
        news_id TEXT NOT NULL REFERENCES news_items(id),
        published_at INTEGER NOT NULL,
        PRIMARY KEY (ticker, published_at, news_id)
      ) WITHOUT ROWID;

      CREATE TABLE coingecko_snapshots (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('markets', 'trending')),
        taken_at INTEGER NOT NULL,
        source_time INTEGER
      );
      CREATE INDEX coingecko_snapshots_by_kind_time ON coingecko_snapshots (kind, taken_at);
      CREATE TABLE coingecko_items (
        snapshot_id INTEGER NOT NULL REFERENCES coingecko_snapshots(id),
        rank INTEGER NOT NULL,
        coin_id TEXT NOT NULL,
        symbol TEXT NOT NULL,
        name TEXT NOT NULL,
        market_cap_rank INTEGER,
        price_usd REAL,
        market_cap_usd REAL,
        volume_24h_usd REAL,
        PRIMARY KEY (snapshot_id, rank)
      ) WITHOUT ROWID;

      CREATE TABLE secrets (
        name TEXT PRIMARY KEY,
        ciphertext BLOB NOT NULL,
        updated_at INTEGER NOT NULL
      ) WITHOUT ROWID;
    `);
  },
};
