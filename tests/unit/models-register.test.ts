import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../src/core/compute/select-backend.js';
import { JobFailure } from '../../src/core/jobs/job-context.js';
import { defaultPolicySpec, type PolicySpec, type PolicyWeights } from '../../src/core/learn/policy-spec.js';
import { getModel, listModels } from '../../src/core/models/models-repo.js';
import { runOnnxPolicy } from '../../src/core/models/onnx-check.js';
import {
  deleteModel,
  ONNX_CHECK_OBSERVATIONS,
  ONNX_MAX_ABS_DIFF,
  registerPolicyModel,
  type RegisterPolicyInput,
} from '../../src/core/models/register-model.js';
import { loadTfjsArtifacts } from '../../src/core/models/tfjs-artifacts.js';
import { Rng } from '../../src/core/sim/rng.js';
import { OBS_MARKET_TYPE, OBS_SIZE } from '../../src/core/sim/training-series.js';
import { openDatabase } from '../../src/core/store/open-database.js';
import {
  randomPolicyWeights,
  sampleEvaluation,
  sampleLineage,
  tfjsPolicyForward,
} from '../helpers/models-fixtures.js';
import { tempDir } from '../helpers/paths.js';

/** Observations for the check: normal values (clipped like the feature engine's ranges), both market types. */
function checkObservations(n: number): Float32Array {
  const rng = new Rng(99);
  const obs = new Float32Array(n * OBS_SIZE);
  for (let i = 0; i < obs.length; i++) obs[i] = Math.max(-5, Math.min(5, rng.normal()));
  for (let i = 0; i < n; i++) obs[i * OBS_SIZE + OBS_MARKET_TYPE] = i % 3 === 0 ? 0 : 1;
  return obs;
}

function setup() {
  const dataDir = tempDir();
  const db = openDatabase(dataDir);
  return { dataDir, db };
}

function input(
  db: Database,
  dataDir: string,
  spec: PolicySpec,
  weights: PolicyWeights,
  overrides: Partial<RegisterPolicyInput> = {},
): RegisterPolicyInput {
  const n = 2_000;
  return {
    db,
    dataDir,
    runId: null,
    name: 'ppo quick',
    spec,
    weights,
    tfjsForward: tfjsPolicyForward(spec, weights),
    checkObservations: checkObservations(n),
    checkCount: n,
    series: sampleLineage(),
    evaluation: sampleEvaluation(),
    config: { preset: 'quick' },
    seed: 11,
    backend: 'wasm',
    codeVersion: '0.1.0',
    dataHash: 'f'.repeat(64),
    featureSetVersion: 'observation@1',
    now: 1_767_225_600_000,
    ...overrides,
  };
}

const modelsDirEntries = (dataDir: string) => fs.readdirSync(path.join(dataDir, 'models')).sort();

describe('registerPolicyModel', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('keeps the check limits the issue sets', () => {
    expect(ONNX_MAX_ABS_DIFF).toBe(1e-5);
    expect(ONNX_CHECK_OBSERVATIONS).toBe(10_000);
  });

  it('writes models/<id>/{model.json, weights.bin, policy.onnx} and a row with lineage and the ONNX check', async () => {
    const { dataDir, db } = setup();
    const spec = defaultPolicySpec;
    const weights = randomPolicyWeights(spec, 21);
    const model = await registerPolicyModel(input(db, dataDir, spec, weights));

    expect(model.files).toEqual({
      tfjs: `models/${model.id}/model.json`,
      onnx: `models/${model.id}/policy.onnx`,
    });
    expect(modelsDirEntries(dataDir)).toEqual([String(model.id)]);
    const folder = path.join(dataDir, 'models', String(model.id));
    expect(fs.readdirSync(folder).sort()).toEqual(['model.json', 'policy.onnx', 'weights.bin']);
    const size = ['model.json', 'policy.onnx', 'weights.bin'].reduce(
      (s, f) => s + fs.statSync(path.join(folder, f)).size,
      0,
    );
    expect(model.sizeBytes).toBe(size);
    expect(model.onnxCheck.observations).toBe(2_000);
    expect(model.onnxCheck.maxAbsDiff).toBeLessThanOrEqual(ONNX_MAX_ABS_DIFF);
    expect(model).toMatchObject({
      kind: 'ppo-policy',
      observationSize: 53,
      seed: 11,
      backend: 'wasm',
      dataHash: 'f'.repeat(64),
      featureSetVersion: 'observation@1',
      series: sampleLineage(),
      evaluation: sampleEvaluation(),
    });
    expect(getModel(db, model.id)).toEqual(model);

    // The stored files are the model: tfjs weights bit-exact, ONNX runs from the stored path.
    const loaded = loadTfjsArtifacts(path.join(dataDir, path.dirname(model.files.tfjs)));
    expect(Buffer.from(loaded.weights['policy/kernel'].data.buffer)).toEqual(
      Buffer.from(weights['policy/kernel'].data.buffer),
    );
    const obs = checkObservations(5);
    const fromFile = await runOnnxPolicy(path.join(dataDir, model.files.onnx), obs, 5);
    const tfjs = await tfjsPolicyForward(spec, weights)(obs, 5);
    for (let i = 0; i < 15; i++)
      expect(Math.abs(fromFile.probabilities[i] - tfjs.probabilities[i])).toBeLessThanOrEqual(1e-5);
    db.close();
  });

  it('refuses tampered weights (ONNX off by more than 1e-5 from the trained network) and leaves nothing behind', async () => {
    const { dataDir, db } = setup();
    const spec = { ...defaultPolicySpec, perMarketHeads: false };
    const trained = randomPolicyWeights(spec, 5);
    const tampered = randomPolicyWeights(spec, 5);
    tampered['encoder/1/kernel'].data[100] += 0.05;
    const attempt = registerPolicyModel({
      ...input(db, dataDir, spec, tampered),
      tfjsForward: tfjsPolicyForward(spec, trained),
    });
    await expect(attempt).rejects.toBeInstanceOf(JobFailure);
    await expect(attempt).rejects.toThrow(
      /Model "ppo quick" was not registered: its ONNX export does not reproduce the tfjs policy \(max \|onnxruntime − tfjs\| = [\d.]+e-\d over 2000 observations, the limit is 0\.00001\)/,
    );
    expect(listModels(db)).toEqual([]);
    expect(modelsDirEntries(dataDir)).toEqual([]);
    db.close();
  });

  it('a failure after the files are checked (row rejected) leaves no row and no folder', async () => {
    const { dataDir, db } = setup();
    const spec = defaultPolicySpec;
    const weights = randomPolicyWeights(spec, 8);
    await expect(
      registerPolicyModel(input(db, dataDir, spec, weights, { backend: 'cuda' as never })),
    ).rejects.toThrow(/insertModel "ppo quick": .*backend/);
    expect(listModels(db)).toEqual([]);
    expect(modelsDirEntries(dataDir)).toEqual([]);
    db.close();
  });

  it('replaces a folder a crashed registration left under the id the new row takes', async () => {
    const { dataDir, db } = setup();
    fs.mkdirSync(path.join(dataDir, 'models', '1'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'models', '1', 'weights.bin'), 'half');
    const model = await registerPolicyModel(
      input(db, dataDir, defaultPolicySpec, randomPolicyWeights(defaultPolicySpec, 3)),
    );
    expect(model.id).toBe(1);
    expect(loadTfjsArtifacts(path.join(dataDir, 'models', '1')).spec).toEqual(defaultPolicySpec);
    db.close();
  });

  it('refuses check observations that do not cover checkCount rows', async () => {
    const { dataDir, db } = setup();
    const weights = randomPolicyWeights(defaultPolicySpec, 3);
    await expect(
      registerPolicyModel({ ...input(db, dataDir, defaultPolicySpec, weights), checkCount: 3_000 }),
    ).rejects.toThrow(/3000 check observations need 159000 values, got 106000/);
    db.close();
  });
});

describe('deleteModel', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('removes the row and the folder, clears the run’s link, and answers false for an unknown id', async () => {
    const { dataDir, db } = setup();
    const runId = Number(
      db
        .prepare(
          `INSERT INTO training_runs (status, preset, seed, request, created_at) VALUES ('done', 'quick', 7, '{}', 1)`,
        )
        .run().lastInsertRowid,
    );
    const spec = defaultPolicySpec;
    const keep = await registerPolicyModel(input(db, dataDir, spec, randomPolicyWeights(spec, 1), { runId }));
    const drop = await registerPolicyModel(input(db, dataDir, spec, randomPolicyWeights(spec, 2), { runId }));
    db.prepare('UPDATE training_runs SET model_id = ? WHERE id = ?').run(drop.id, runId);

    expect(deleteModel(db, dataDir, drop.id)).toBe(true);
    expect(getModel(db, drop.id)).toBeNull();
    expect(listModels(db).map((m) => m.id)).toEqual([keep.id]);
    expect(modelsDirEntries(dataDir)).toEqual([String(keep.id)]);
    expect(db.prepare('SELECT model_id FROM training_runs WHERE id = ?').get(runId)).toEqual({
      model_id: null,
    });

    expect(deleteModel(db, dataDir, drop.id)).toBe(false);
    expect(deleteModel(db, dataDir, 999)).toBe(false);
    expect(modelsDirEntries(dataDir)).toEqual([String(keep.id)]);
    db.close();
  });
});
