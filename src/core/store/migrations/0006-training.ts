import type { Migration } from './migration.js';

/**
 * What training keeps:
 * - `training_runs`: one row per run, created when it is submitted (so a resumed job finds it),
 *   with the request, the resolved config, the backend choice, phase spans, lineage, evaluation;
 * - `training_metrics`: one row per iteration of a phase (the Training page's charts);
 * - `models`: the registry; files live under the data dir (`models/<id>/`), the row holds
 *   lineage (series and windows, data hash, feature-set version, config, seed, backend, code
 *   version) and metrics. Checkpoints are files under `runs/<id>/`, not rows.
 */
export const migration0006: Migration = {
  version: 6,
  name: 'training',
  up(db) {
    db.exec(`
      CREATE TABLE training_runs (
        id INTEGER PRIMARY KEY,
        job_id INTEGER REFERENCES jobs(id),
        status TEXT NOT NULL,
        preset TEXT NOT NULL,
        seed INTEGER NOT NULL,
        request TEXT NOT NULL,
        config TEXT,
        backend TEXT,
        phase TEXT,
        phases TEXT NOT NULL DEFAULT '[]',
        series TEXT NOT NULL DEFAULT '[]',
        evaluation TEXT,
        model_id INTEGER,
        checkpoint TEXT,
        error TEXT,
        created_at INTEGER NOT NULL,
        ended_at INTEGER
      );

      CREATE TABLE training_metrics (
        run_id INTEGER NOT NULL REFERENCES training_runs(id) ON DELETE CASCADE,
        phase TEXT NOT NULL,
        iteration INTEGER NOT NULL,
        env_steps REAL NOT NULL,
        time INTEGER NOT NULL,
        values_json TEXT NOT NULL,
        PRIMARY KEY (run_id, phase, iteration)
      ) WITHOUT ROWID;

      CREATE TABLE models (
        id INTEGER PRIMARY KEY,
        run_id INTEGER REFERENCES training_runs(id) ON DELETE SET NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        feature_set_version TEXT NOT NULL,
        observation_size INTEGER NOT NULL,
        seed INTEGER NOT NULL,
        backend TEXT NOT NULL,
        code_version TEXT NOT NULL,
        data_hash TEXT NOT NULL,
        series TEXT NOT NULL,
        config TEXT NOT NULL,
        evaluation TEXT NOT NULL,
        onnx_check TEXT NOT NULL,
        files TEXT NOT NULL,
        size_bytes INTEGER NOT NULL
      );
      CREATE INDEX models_run ON models(run_id);
    `);
  },
};
