import { describe, expect, it } from 'vitest';
import { getModel, insertModel, listModels } from '../../src/core/models/models-repo.js';
import { openDatabase } from '../../src/core/store/open-database.js';
import type { ModelInfo } from '../../src/shared/contract/index.js';
import { sampleEvaluation, sampleLineage } from '../helpers/models-fixtures.js';
import { tempDir } from '../helpers/paths.js';

function model(overrides: Partial<Omit<ModelInfo, 'id'>> = {}): Omit<ModelInfo, 'id'> {
  return {
    runId: null,
    name: 'ppo quick #1',
    kind: 'ppo-policy',
    createdAt: 1_767_225_600_000,
    featureSetVersion: 'observation@3f2a',
    observationSize: 53,
    seed: 7,
    backend: 'wasm',
    codeVersion: '0.1.0+abc1234',
    dataHash: 'a'.repeat(64),
    series: sampleLineage(),
    config: { preset: 'quick', ppo: { clip: 0.2, epochs: 4 }, symbols: ['BTCUSDT', 'AAPL'] },
    evaluation: sampleEvaluation(),
    onnxCheck: { maxAbsDiff: 2.4e-7, observations: 10_000 },
    files: { tfjs: 'models/1/model.json', onnx: 'models/1/policy.onnx' },
    sizeBytes: 123_456,
    ...overrides,
  };
}

describe('models repo', () => {
  it('round-trips a model with every lineage and metrics field', () => {
    const db = openDatabase(tempDir());
    const runId = Number(
      db
        .prepare(
          `INSERT INTO training_runs (status, preset, seed, request, created_at) VALUES ('done', 'quick', 7, '{}', 1)`,
        )
        .run().lastInsertRowid,
    );
    const input = model({ runId });
    const id = insertModel(db, input);
    expect(getModel(db, id)).toEqual({ id, ...input });
    expect(getModel(db, id + 1)).toBeNull();
    db.close();
  });

  it('lists models newest first', () => {
    const db = openDatabase(tempDir());
    const a = insertModel(db, model({ name: 'old', createdAt: 1000 }));
    const b = insertModel(db, model({ name: 'new', createdAt: 2000 }));
    const c = insertModel(db, model({ name: 'middle', createdAt: 1500 }));
    expect(listModels(db).map((m) => m.id)).toEqual([b, c, a]);
    db.close();
  });

  it('refuses to insert a model that breaks the contract', () => {
    const db = openDatabase(tempDir());
    expect(() => insertModel(db, model({ backend: 'cuda' as never }))).toThrow(
      /insertModel "ppo quick #1": .*backend/,
    );
    expect(listModels(db)).toEqual([]);
    db.close();
  });

  it('says which row and column is broken when a stored row does not parse', () => {
    const db = openDatabase(tempDir());
    const id = insertModel(db, model());
    db.prepare('UPDATE models SET evaluation = ? WHERE id = ?').run('{"overall": {}}', id);
    expect(() => getModel(db, id)).toThrow(
      new RegExp(`models row ${id} \\("ppo quick #1"\\) does not match ModelInfo: .*evaluation`),
    );
    db.prepare('UPDATE models SET files = ? WHERE id = ?').run('not json', id);
    expect(() => listModels(db)).toThrow(new RegExp(`models row ${id}: column files is not JSON`));
    db.close();
  });
});
