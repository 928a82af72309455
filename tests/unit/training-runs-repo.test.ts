import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src/core/store/migrate.js';
import { TrainingRunsRepo } from '../../src/core/training/runs-repo.js';
import type { Evaluation, PerformanceStats, TrainingMetric } from '../../src/shared/contract/index.js';

let db: Db;
let repo: TrainingRunsRepo;
beforeEach(() => {
  db = new Database(':memory:');
  migrate(db);
  repo = new TrainingRunsRepo(db);
});
afterEach(() => db.close());

const T0 = Date.parse('2024-05-01T00:00:00Z');

const metric = (phase: TrainingMetric['phase'], iteration: number, extra: Partial<TrainingMetric> = {}) =>
  ({
    phase,
    iteration,
    envSteps: iteration * 4096,
    time: T0 + iteration,
    envStepsPerSec: 10_000,
    meanEpisodeReward: 1.5,
    policyLoss: -0.01,
    valueLoss: 0.2,
    entropy: 1.05,
    approxKl: 0.004,
    clipFraction: 0.1,
    accuracy: null,
    validationSharpe: null,
    learningRate: 3e-4,
    ...extra,
  }) satisfies TrainingMetric;

const stats: PerformanceStats = {
  totalReturn: 0.05,
  sharpe: 1.2,
  sortino: 1.8,
  maxDrawdown: 0.04,
  trades: 12,
  feesPaid: 0.003,
  exposure: 0.4,
  bars: 500,
};

describe('TrainingRunsRepo', () => {
  it('creates a queued run and reads it back as the contract TrainingRun', () => {
    const id = repo.create({
      preset: 'quick',
      seed: 7,
      request: { preset: 'quick', seed: 7 },
      createdAt: T0,
    });
    const run = repo.mustGet(id);
    expect(run).toMatchObject({
      id,
      jobId: null,
      status: 'queued',
      preset: 'quick',
      seed: 7,
      request: { preset: 'quick', seed: 7 },
      config: null,
      backend: null,
      phase: null,
      phases: [],
      series: [],
      evaluation: null,
      modelId: null,
      checkpoint: null,
      error: null,
      createdAt: T0,
      endedAt: null,
    });
    expect(repo.get(id + 1)).toBeUndefined();
    expect(() => repo.mustGet(id + 1)).toThrow(/Training run \d+ does not exist/);
  });

  it('keeps one span per phase: a phase entered again after a resume keeps its first start', () => {
    const id = repo.create({ preset: 'quick', seed: 1, request: { preset: 'quick' }, createdAt: T0 });
    repo.startPhase(id, 'bc', T0 + 1);
    repo.endPhase(id, 'bc', T0 + 2);
    repo.startPhase(id, 'ppo', T0 + 3);
    repo.startPhase(id, 'ppo', T0 + 10);
    const run = repo.mustGet(id);
    expect(run.phase).toBe('ppo');
    expect(run.phases).toEqual([
      { phase: 'bc', startedAt: T0 + 1, endedAt: T0 + 2 },
      { phase: 'ppo', startedAt: T0 + 3, endedAt: null },
    ]);
  });

  it('stores status, backend, config, lineage, checkpoint and result fields', () => {
    const id = repo.create({ preset: 'full', seed: 3, request: { preset: 'full' }, createdAt: T0 });
    const jobId = Number(
      db
        .prepare(
          `INSERT INTO jobs (kind, params, status, created_at) VALUES ('train-ppo', '{}', 'queued', ?)`,
        )
        .run(T0).lastInsertRowid,
    );
    repo.setJob(id, jobId);
    repo.markRunning(id);
    repo.setBackend(id, {
      name: 'wasm',
      forced: false,
      attempts: [
        { name: 'tfjs-node-gpu', ok: false, reason: 'not installed' },
        { name: 'tfjs-node', ok: false, reason: 'not installed' },
        { name: 'wasm', ok: true, reason: 'selected' },
      ],
    });
    const lineage = {
      symbol: 'BTCUSDT',
      market: 'crypto-spot' as const,
      interval: '1h',
      trainFrom: T0,
      trainTo: T0 + 1000,
      testFrom: T0 + 2000,
      testTo: T0 + 3000,
      trainBars: 700,
      testBars: 200,
      purgeBars: 24,
    };
    repo.setPrepared(id, { config: { preset: 'full', schedule: { bcSteps: 5000 } }, series: [lineage] });
    repo.setCheckpoint(id, { phase: 'ppo', iteration: 8 });
    const evaluation: Evaluation = {
      overall: { policy: stats, buyAndHold: stats, flat: { ...stats, totalReturn: 0 } },
      series: [
        {
          symbol: 'BTCUSDT',
          market: 'crypto-spot',
          interval: '1h',
          from: T0,
          to: T0 + 1,
          policy: stats,
          buyAndHold: stats,
          flat: stats,
        },
      ],
    };
    repo.setEvaluation(id, evaluation);
    repo.finish(id, 'done', T0 + 99);
    const run = repo.mustGet(id);
    expect(run.status).toBe('done');
    expect(run.jobId).toBe(jobId);
    expect(run.backend?.name).toBe('wasm');
    expect(run.backend?.attempts.filter((a) => !a.ok)).toHaveLength(2);
    expect(run.config).toEqual({ preset: 'full', schedule: { bcSteps: 5000 } });
    expect(run.series).toEqual([lineage]);
    expect(run.checkpoint).toEqual({ phase: 'ppo', iteration: 8 });
    expect(run.evaluation).toEqual(evaluation);
    expect(run.endedAt).toBe(T0 + 99);

    repo.markRunning(id);
    expect(repo.mustGet(id)).toMatchObject({ status: 'running', endedAt: null, error: null });
    repo.finish(id, 'failed', T0 + 100, 'boom');
    expect(repo.mustGet(id)).toMatchObject({ status: 'failed', error: 'boom' });
  });

  it('lists runs newest first', () => {
    const a = repo.create({ preset: 'quick', seed: 1, request: { preset: 'quick' }, createdAt: T0 });
    const b = repo.create({ preset: 'quick', seed: 2, request: { preset: 'quick' }, createdAt: T0 + 1 });
    expect(repo.list(10).map((r) => r.id)).toEqual([b, a]);
    expect(repo.list(1).map((r) => r.id)).toEqual([b]);
  });

  it('round-trips metrics in phase then iteration order; a re-measured iteration replaces its row', () => {
    const id = repo.create({ preset: 'quick', seed: 1, request: { preset: 'quick' }, createdAt: T0 });
    repo.addMetric(id, metric('ppo', 2));
    repo.addMetric(id, metric('ppo', 1));
    repo.addMetric(id, metric('bc', 5, { accuracy: 0.8, meanEpisodeReward: null }));
    repo.addMetric(id, metric('ppo', 2, { validationSharpe: 0.7 }));
    const rows = repo.metrics(id);
    expect(rows.map((m) => `${m.phase}:${m.iteration}`)).toEqual(['bc:5', 'ppo:1', 'ppo:2']);
    expect(rows[0]).toEqual(metric('bc', 5, { accuracy: 0.8, meanEpisodeReward: null }));
    expect(rows[2].validationSharpe).toBe(0.7);
  });

  it('drops the metrics a resumed run measures again: later iterations of its phase and later phases', () => {
    const id = repo.create({ preset: 'quick', seed: 1, request: { preset: 'quick' }, createdAt: T0 });
    for (let i = 1; i <= 3; i++) repo.addMetric(id, metric('bc', i));
    for (let i = 1; i <= 6; i++) repo.addMetric(id, metric('ppo', i));
    repo.addMetric(id, metric('finetune', 1));
    repo.dropMetricsAfter(id, 'ppo', 4);
    expect(repo.metrics(id).map((m) => `${m.phase}:${m.iteration}`)).toEqual([
      'bc:1',
      'bc:2',
      'bc:3',
      'ppo:1',
      'ppo:2',
      'ppo:3',
      'ppo:4',
    ]);
  });

  it('refuses a metric that is not a contract TrainingMetric', () => {
    const id = repo.create({ preset: 'quick', seed: 1, request: { preset: 'quick' }, createdAt: T0 });
    expect(() => repo.addMetric(id, { ...metric('ppo', 1), iteration: -1 })).toThrow();
  });
});
