import type { Migration } from './migration.js';

/**
 * What the feature engine keeps:
 * - `feature_chunks`: computed feature values per (instrument, interval, UTC day, feature set
 *   version), with the chain hash of the bars they were computed from (this day's chunk and every
 *   earlier one, since EMA-like features remember the whole past) so a changed chunk invalidates
 *   itself and what follows, and the streaming state at the day's end so the next day resumes
 *   from it instead of recomputing the series;
 * - `normalization_stats`: per-instrument statistics fit on a stated window only (never on test data).
 */
export const migration0005: Migration = {
  version: 5,
  name: 'features',
  up(db) {
    db.exec(`
      CREATE TABLE feature_chunks (
        instrument_id INTEGER NOT NULL REFERENCES instruments(id),
        interval TEXT NOT NULL,
        day INTEGER NOT NULL,
        set_version TEXT NOT NULL,
        chain_hash TEXT NOT NULL,
        bar_count INTEGER NOT NULL,
        feature_count INTEGER NOT NULL,
        "values" BLOB NOT NULL,
        state BLOB,
        computed_at INTEGER NOT NULL,
        PRIMARY KEY (instrument_id, interval, set_version, day)
      ) WITHOUT ROWID;

      CREATE TABLE normalization_stats (
        instrument_id INTEGER NOT NULL REFERENCES instruments(id),
        interval TEXT NOT NULL,
        fit_from INTEGER NOT NULL,
        fit_to INTEGER NOT NULL,
        bars INTEGER NOT NULL,
        mean_log_return REAL NOT NULL,
        std_log_return REAL NOT NULL,
        mean_atr REAL NOT NULL,
        mean_price REAL NOT NULL,
        computed_at INTEGER NOT NULL,
        PRIMARY KEY (instrument_id, interval, fit_from, fit_to)
      ) WITHOUT ROWID;
    `);
  },
};
