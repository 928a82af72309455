import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab } from '../../src/core/lab.js';
import type { LabEvent, ModelInfo, TrainingRunDetail } from '../../src/shared/contract/index.js';
import { openTestLab, waitForJobEnd } from '../helpers/lab-harness.js';
import { storeTrainingSeries, type StoredTrainingSeries } from '../helpers/training-data.js';
import { tempDir } from '../helpers/paths.js';

/**
 * The Quick preset end to end through the lab, on real bars (Binance BTCUSDT and ETHUSDT 1h 2021,
 * yfinance AAPL 1h), in a real child-process job host: backend choice, BC, PPO, stock finetune,
 * evaluation on the hold-out windows, registry with the ONNX check. Needs `npm run build:node`.
 * No tfjs-node here, so auto takes wasm after recording why the native builds were skipped.
 */

const TRAINING_TIMEOUT_MS = 300_000;

let lab: Lab;
let events: LabEvent[];
let dataDir: string;
let stored: StoredTrainingSeries[];

beforeAll(async () => {
  dataDir = tempDir('tradelab-train-quick-');
  // All of them (~8,700 + 8,700 + 5,000 bars): Quick sized to them takes under a minute here.
  stored = storeTrainingSeries(dataDir);
  ({ lab, events } = await openTestLab(dataDir));
  await lab.start();
});

afterAll(async () => {
  await lab?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('Quick training on real crypto and stock bars', () => {
  let run: TrainingRunDetail;
  let model: ModelInfo;

  it(
    'trains, evaluates and registers a model',
    async () => {
      const defaults = await lab.getTrainingDefaults({ preset: 'quick' });
      expect(defaults.blocker).toBeNull();
      expect(defaults.series.map((s) => s.symbol).sort()).toEqual(['AAPL', 'BTCUSDT', 'ETHUSDT']);
      expect(defaults.estimatedSeconds).toBeGreaterThan(0);

      const started = Date.now();
      const { jobId, runId } = await lab.startTraining({ preset: 'quick', seed: 3 });
      const job = await waitForJobEnd(lab, jobId, TRAINING_TIMEOUT_MS);
      console.log(
        `Quick preset on ${stored.map((s) => `${s.symbol} ${s.bars}`).join(', ')}: ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      expect(job.error).toBeNull();
      expect(job.status).toBe('done');

      run = await lab.getTrainingRun({ runId });
      expect(run).toMatchObject({ id: runId, jobId, status: 'done', preset: 'quick', seed: 3, error: null });
      expect(run.modelId).toBeGreaterThan(0);
      expect(job.summary).toMatchObject({ runId, modelId: run.modelId, backend: 'wasm' });
      model = (await lab.listModels({})).find((m) => m.id === run.modelId)!;
      expect(model).toBeDefined();
    },
    TRAINING_TIMEOUT_MS,
  );

  it('records the backend and why the faster ones were skipped', () => {
    expect(run, 'the training test must pass first').toBeDefined();
    expect(run.backend).toMatchObject({ name: 'wasm', forced: false });
    const attempts = run.backend!.attempts;
    expect(attempts.map((a) => a.name)).toEqual(['tfjs-node-gpu', 'tfjs-node', 'wasm']);
    expect(attempts.slice(0, 2).every((a) => !a.ok && a.reason.length > 0)).toBe(true);
    expect(attempts[2]).toMatchObject({ ok: true, reason: 'selected' });
  });

  it('went through every phase, with metrics for BC and each PPO iteration', () => {
    expect(run, 'the training test must pass first').toBeDefined();
    expect(run.phases.map((p) => p.phase)).toEqual([
      'prepare',
      'bc',
      'ppo',
      'finetune',
      'evaluate',
      'register',
    ]);
    for (const p of run.phases) expect(p.endedAt).toBeGreaterThanOrEqual(p.startedAt);
    const bc = run.metrics.filter((m) => m.phase === 'bc');
    const ppo = run.metrics.filter((m) => m.phase === 'ppo');
    const finetune = run.metrics.filter((m) => m.phase === 'finetune');
    expect(bc.length).toBeGreaterThan(0);
    expect(bc.every((m) => m.accuracy !== null && m.accuracy >= 0 && m.accuracy <= 1)).toBe(true);
    // BC learns the oracle better than the first batches did.
    expect(bc.at(-1)!.accuracy!).toBeGreaterThan(bc[0].accuracy!);
    const schedule = run.config!.schedule as { ppoIterations: number; finetuneIterations: number };
    expect(ppo.map((m) => m.iteration)).toEqual(
      Array.from({ length: schedule.ppoIterations }, (_, i) => i + 1),
    );
    expect(finetune).toHaveLength(schedule.finetuneIterations);
    for (const m of ppo) {
      expect(m.envStepsPerSec).toBeGreaterThan(0);
      for (const v of [m.policyLoss, m.valueLoss, m.entropy, m.approxKl, m.clipFraction, m.learningRate])
        expect(Number.isFinite(v)).toBe(true);
    }
    expect(ppo.some((m) => m.meanEpisodeReward !== null)).toBe(true);
    expect(ppo.some((m) => m.validationSharpe !== null)).toBe(true);
    expect(ppo.at(-1)!.validationSharpe).not.toBeNull();
    // Progress streamed with the run, phase, iteration and backend.
    const training = events
      .filter((e) => e.type === 'job.progress' && e.job.id === run.jobId)
      .map((e) => ('job' in e ? e.job.progress?.detail?.training : undefined))
      .filter((t) => t !== undefined);
    expect(training.some((t) => t.phase === 'ppo' && t.backend === 'wasm' && t.runId === run.id)).toBe(true);
  });

  it('evaluated the policy against buy-and-hold and flat on every series hold-out window', () => {
    expect(run, 'the training test must pass first').toBeDefined();
    const evaluation = run.evaluation!;
    expect(evaluation.series.map((s) => s.symbol).sort()).toEqual(['AAPL', 'BTCUSDT', 'ETHUSDT']);
    for (const s of evaluation.series) {
      const lineage = run.series.find((l) => l.symbol === s.symbol)!;
      // The test window lies after the training window and the purge gap.
      expect(s.from).toBe(lineage.testFrom);
      expect(lineage.testFrom).toBeGreaterThan(lineage.trainTo);
      expect(lineage.purgeBars).toBeGreaterThanOrEqual(12);
      expect(s.policy.bars).toBe(s.buyAndHold.bars);
      expect(s.flat).toMatchObject({ totalReturn: 0, trades: 0, feesPaid: 0, exposure: 0 });
      expect(s.buyAndHold.exposure).toBeGreaterThan(0.9);
    }
    expect(Number.isFinite(evaluation.overall.policy.sharpe)).toBe(true);
  });

  it('learned a policy that acts on its observations, not one constant position', () => {
    expect(run, 'the training test must pass first').toBeDefined();
    // With γ 0.99, λ 0.95, c_H 0.01 the entropy fell to ~0.03 and every hold-out series was held
    // long (1 trade) or flat. With γ 0.95, λ 0.9, c_H 0.05 and the position-aware oracle (BC ends
    // near entropy 0.33), seed 3 ends PPO near 0.2 and trades 6–43 times per hold-out series.
    const ppo = run.metrics.filter((m) => m.phase === 'ppo');
    expect(ppo.at(-1)!.entropy!).toBeGreaterThan(0.1);
    expect(run.evaluation!.series.some((s) => s.policy.trades >= 2)).toBe(true);
  });

  it('registered the model with lineage, ONNX matching tfjs on ≥ 10,000 real observations, and its files', () => {
    expect(model, 'the training test must pass first').toBeDefined();
    expect(model).toMatchObject({
      runId: run.id,
      kind: 'ppo-policy',
      seed: 3,
      backend: 'wasm',
      observationSize: 53,
    });
    expect(model.onnxCheck.observations).toBeGreaterThanOrEqual(10_000);
    expect(model.onnxCheck.maxAbsDiff).toBeLessThanOrEqual(1e-5);
    expect(model.dataHash).toMatch(/^[0-9a-f]{64}$/);
    expect(model.featureSetVersion.length).toBeGreaterThan(0);
    expect(model.codeVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(model.series).toEqual(run.series);
    expect(model.evaluation).toEqual(run.evaluation);
    expect(model.config).toMatchObject({ preset: 'quick', seed: 3 });
    for (const file of [model.files.tfjs, model.files.onnx])
      expect(fs.statSync(path.resolve(dataDir, file)).size).toBeGreaterThan(0);
    // A finished run keeps no checkpoint.
    expect(run.checkpoint).toBeNull();
    expect(fs.existsSync(path.join(dataDir, 'runs', String(run.id), 'checkpoint'))).toBe(false);
  });

  it('lists the run, refuses to resume a finished one, and deletes the model with its files', async () => {
    expect(model, 'the training test must pass first').toBeDefined();
    const runs = await lab.listTrainingRuns({ limit: 10 });
    expect(runs.map((r) => r.id)).toContain(run.id);
    await expect(lab.resumeTraining({ runId: run.id })).rejects.toThrow(/already done/);
    await expect(lab.resumeTraining({ runId: 9999 })).rejects.toThrow(/No training run with id 9999/);

    expect(await lab.deleteModel({ modelId: model.id })).toEqual({ deleted: true });
    expect(fs.existsSync(path.resolve(dataDir, model.files.onnx))).toBe(false);
    expect((await lab.listModels({})).map((m) => m.id)).not.toContain(model.id);
    expect((await lab.getTrainingRun({ runId: run.id })).modelId).toBeNull();
    expect(await lab.deleteModel({ modelId: model.id })).toEqual({ deleted: false });
  });
});

describe('training without usable data', () => {
  it('says what to fetch, and the job fails with that sentence', async () => {
    const { lab: empty } = await openTestLab();
    try {
      await empty.start();
      const defaults = await empty.getTrainingDefaults({ preset: 'quick' });
      expect(defaults.series).toEqual([]);
      expect(defaults.blocker).toMatch(/^No bars stored yet: fetch data first/);
      expect(defaults.estimatedSeconds).toBeNull();
      const { jobId, runId } = await empty.startTraining({ preset: 'quick' });
      const job = await waitForJobEnd(empty, jobId, 60_000);
      expect(job.status).toBe('failed');
      expect(job.error).toBe(defaults.blocker);
      expect(await empty.getTrainingRun({ runId })).toMatchObject({
        status: 'failed',
        error: defaults.blocker,
      });
    } finally {
      await empty.close();
    }
  });

  it('fails naming unknown symbols and listing what is stored', async () => {
    const { jobId, runId } = await lab.startTraining({ preset: 'quick', symbols: ['BTCUSDT', 'NOPE'] });
    const job = await waitForJobEnd(lab, jobId, 60_000);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/^No bars stored for NOPE\. Stored: .*AAPL.*BTCUSDT.*ETHUSDT/);
    expect((await lab.getTrainingRun({ runId })).status).toBe('failed');
  });

  it('refuses an invalid request before creating a run', async () => {
    const before = (await lab.listTrainingRuns({ limit: 500 })).length;
    await expect(
      lab.startTraining({ preset: 'quick', from: '2022-01-01', to: '2021-01-01' }),
    ).rejects.toThrow(/"from" must not be after "to"/);
    expect(await lab.listTrainingRuns({ limit: 500 })).toHaveLength(before);
  });
});
