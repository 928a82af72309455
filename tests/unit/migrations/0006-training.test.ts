import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../src/core/store/migrate.js';
import { migrations } from '../../../src/core/store/migrations/index.js';
import { migration0006 } from '../../../src/core/store/migrations/0006-training.js';
import { schemaObjectNames } from '../../helpers/schema-objects.js';

type Db = Database.Database;

function insertRun(db: Db): number {
  return Number(
    db
      .prepare(
        `INSERT INTO training_runs (status, preset, seed, request, created_at) VALUES ('queued', 'quick', 7, '{}', 1)`,
      )
      .run().lastInsertRowid,
  );
}

function insertModel(db: Db, runId: number): number {
  return Number(
    db
      .prepare(
        `INSERT INTO models (run_id, name, kind, created_at, feature_set_version, observation_size, seed, backend,
           code_version, data_hash, series, config, evaluation, onnx_check, files, size_bytes)
         VALUES (?, 'm', 'ppo-policy', 1, 'v', 53, 7, 'wasm', '0.1.0', 'h', '[]', '{}', '{}', '{}', '{}', 0)`,
      )
      .run(runId).lastInsertRowid,
  );
}

describe('migration 0006 training', () => {
  let db: Db;
  beforeEach(() => {
    db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
  });
  afterEach(() => db.close());

  it('is version 6, sixth in the list', () => {
    expect(migration0006.version).toBe(6);
    expect(migrations[5]).toBe(migration0006);
  });

  it('after version 5 adds exactly its tables and index', () => {
    migrate(db, migrations, 5);
    const before = new Set(schemaObjectNames(db));
    expect(migrate(db, migrations, 6)).toBe(6);
    expect(
      schemaObjectNames(db)
        .filter((n) => !before.has(n))
        .sort(),
    ).toEqual(['index:models_run', 'table:models', 'table:training_metrics', 'table:training_runs']);
  });

  it('drops a run’s metrics with it and keeps its model, unlinked', () => {
    migrate(db);
    const runId = insertRun(db);
    db.prepare(
      `INSERT INTO training_metrics (run_id, phase, iteration, env_steps, time, values_json) VALUES (?, 'ppo', 0, 0, 1, '{}')`,
    ).run(runId);
    const modelId = insertModel(db, runId);
    db.prepare('DELETE FROM training_runs WHERE id = ?').run(runId);
    expect(db.prepare('SELECT COUNT(*) AS n FROM training_metrics').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT run_id FROM models WHERE id = ?').get(modelId)).toEqual({ run_id: null });
  });

  it('keeps one metrics row per run, phase and iteration', () => {
    migrate(db);
    const runId = insertRun(db);
    const insert = db.prepare(
      `INSERT INTO training_metrics (run_id, phase, iteration, env_steps, time, values_json) VALUES (?, ?, ?, 0, 1, '{}')`,
    );
    insert.run(runId, 'ppo', 3);
    insert.run(runId, 'bc', 3);
    expect(() => insert.run(runId, 'ppo', 3)).toThrow(/UNIQUE|PRIMARY KEY/);
  });
});
