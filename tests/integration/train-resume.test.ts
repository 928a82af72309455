import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab } from '../../src/core/lab.js';
import { JobCancelled } from '../../src/core/jobs/job-context.js';
import { loadTfjsArtifacts } from '../../src/core/models/tfjs-artifacts.js';
import { openDatabase } from '../../src/core/store/open-database.js';
import { readCheckpoint } from '../../src/core/training/checkpoints.js';
import { TrainingRunsRepo } from '../../src/core/training/runs-repo.js';
import { runTrainPpoJob } from '../../src/core/training/train-ppo-job.js';
import type { TrainingMetric, TrainPpoParams } from '../../src/shared/contract/index.js';
import { testJobContext } from '../helpers/job-context.js';
import { openTestLab, waitForJobEnd } from '../helpers/lab-harness.js';
import { tempDir } from '../helpers/paths.js';
import { storeTrainingSeries } from '../helpers/training-data.js';

/**
 * Cancel and resume of a training run on real bars (BTCUSDT 1h 2021 from Binance, AAPL 1h from
 * yfinance): through the lab with child-process job hosts (cancel after the first periodic
 * checkpoint, resumeTraining continues from it), and in-process to show that a run resumed from a
 * periodic checkpoint repeats the uninterrupted run exactly (same seed, same metrics, same model).
 */

const TIMEOUT_MS = 300_000;

let dataDir: string;
beforeAll(() => {
  dataDir = tempDir('tradelab-train-resume-');
  storeTrainingSeries(dataDir, { symbols: ['BTCUSDT', 'AAPL'], maxBars: 2000 });
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('cancel and resume through the lab', () => {
  let lab: Lab;
  beforeAll(async () => {
    ({ lab } = await openTestLab(dataDir));
    await lab.start();
  });
  afterAll(async () => lab?.close());

  it(
    'continues from the checkpoint: iterations before it are kept, the ones after it follow',
    async () => {
      const { jobId, runId } = await lab.startTraining({ preset: 'quick', seed: 21 });
      // Cancel once the first periodic PPO checkpoint exists.
      for (;;) {
        const run = await lab.getTrainingRun({ runId });
        if (run.checkpoint?.phase === 'ppo' && run.checkpoint.iteration > 0) break;
        expect(['queued', 'running']).toContain(run.status);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await lab.cancelJob({ jobId });
      const cancelledJob = await waitForJobEnd(lab, jobId, 60_000);
      expect(cancelledJob.status).toBe('cancelled');
      const cancelled = await lab.getTrainingRun({ runId });
      expect(cancelled.status).toBe('cancelled');
      const at = cancelled.checkpoint!;
      expect(at.phase).toBe('ppo');
      expect(at.iteration).toBeGreaterThan(0);
      const before = cancelled.metrics.filter((m) => m.phase === 'ppo');
      expect(before.map((m) => m.iteration)).toEqual(Array.from({ length: at.iteration }, (_, i) => i + 1));

      const resumedAt = Date.now();
      const resumed = await lab.resumeTraining({ runId });
      expect(resumed.runId).toBe(runId);
      expect(resumed.jobId).not.toBe(jobId);
      const job = await waitForJobEnd(lab, resumed.jobId, TIMEOUT_MS);
      expect(job.error).toBeNull();
      expect(job.status).toBe('done');

      const run = await lab.getTrainingRun({ runId });
      expect(run).toMatchObject({ status: 'done', jobId: resumed.jobId, seed: 21 });
      expect(run.modelId).toBeGreaterThan(0);
      const ppo = run.metrics.filter((m) => m.phase === 'ppo');
      const iterations = (run.config!.schedule as { ppoIterations: number }).ppoIterations;
      expect(ppo.map((m) => m.iteration)).toEqual(Array.from({ length: iterations }, (_, i) => i + 1));
      // Rows up to the checkpoint are the first attempt's; the resumed job measured only the rest.
      expect(ppo.filter((m) => m.iteration <= at.iteration)).toEqual(before);
      expect(ppo.filter((m) => m.iteration > at.iteration).every((m) => m.time >= resumedAt)).toBe(true);
      // BC ran once, in the first attempt.
      expect(run.metrics.filter((m) => m.phase === 'bc').every((m) => m.time < resumedAt)).toBe(true);
    },
    TIMEOUT_MS,
  );
});

describe('a lab closed mid-run', () => {
  it(
    'resumes the run from its checkpoint at the next start (the job manager re-queues the job)',
    async () => {
      const first = await openTestLab(dataDir);
      await first.lab.start();
      const { jobId, runId } = await first.lab.startTraining({ preset: 'quick', seed: 5 });
      let at: { phase: string; iteration: number } | null = null;
      for (;;) {
        const run = await first.lab.getTrainingRun({ runId });
        if (run.checkpoint?.phase === 'ppo' && run.checkpoint.iteration > 0) {
          at = run.checkpoint;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // Like quitting the app: the job is interrupted and its host stopped.
      await first.lab.close();

      const second = await openTestLab(dataDir);
      try {
        expect((await second.lab.getTrainingRun({ runId })).status).toBe('interrupted');
        const reopenedAt = Date.now();
        await second.lab.start();
        const job = await waitForJobEnd(second.lab, jobId, TIMEOUT_MS);
        expect(job.error).toBeNull();
        expect(job.status).toBe('done');
        const run = await second.lab.getTrainingRun({ runId });
        expect(run.status).toBe('done');
        const ppo = run.metrics.filter((m) => m.phase === 'ppo');
        const iterations = (run.config!.schedule as { ppoIterations: number }).ppoIterations;
        expect(ppo.map((m) => m.iteration)).toEqual(Array.from({ length: iterations }, (_, i) => i + 1));
        // At most the iterations since the last checkpoint were done again.
        expect(ppo.filter((m) => m.iteration <= at!.iteration).every((m) => m.time < reopenedAt)).toBe(true);
        expect(run.metrics.filter((m) => m.phase === 'bc').every((m) => m.time < reopenedAt)).toBe(true);
      } finally {
        await second.lab.close();
      }
    },
    TIMEOUT_MS,
  );
});

describe('a run resumed from a periodic checkpoint repeats the uninterrupted run', () => {
  let db: Database;
  beforeAll(() => {
    db = openDatabase(dataDir);
  });
  afterAll(() => db.close());

  const request: TrainPpoParams = {
    preset: 'quick',
    seed: 99,
    backend: 'wasm',
    overrides: {
      bcSteps: 40,
      ppoEnvSteps: 6 * 16 * 64,
      numEnvs: 16,
      rolloutSteps: 64,
      checkpointEvery: 2,
      finetuneUpdates: 8,
    },
  };

  function newRun(): number {
    return new TrainingRunsRepo(db).create({ preset: 'quick', seed: 99, request, createdAt: Date.now() });
  }

  /** Metrics without their wall-clock parts. */
  const measures = (metrics: TrainingMetric[]) =>
    metrics.map(({ time: _time, envStepsPerSec: _rate, ...rest }) => rest);

  it(
    'same metrics, evaluation and model outputs',
    async () => {
      const runs = new TrainingRunsRepo(db);
      const straight = newRun();
      await runTrainPpoJob({ runId: straight, request }, testJobContext({ db, dataDir }).ctx);

      const interrupted = newRun();
      // Cancel right after the periodic checkpoint of PPO iteration 2.
      const first = testJobContext({
        db,
        dataDir,
        isCancelled: (progress) =>
          progress.some((p) => p.detail?.training?.phase === 'ppo' && p.detail.training.iteration === 2),
      });
      await expect(runTrainPpoJob({ runId: interrupted, request }, first.ctx)).rejects.toBeInstanceOf(
        JobCancelled,
      );
      expect(runs.mustGet(interrupted)).toMatchObject({
        status: 'cancelled',
        checkpoint: { phase: 'ppo', iteration: 2 },
      });
      expect(readCheckpoint(dataDir, interrupted)!.state.iteration).toBe(2);

      const second = testJobContext({ db, dataDir });
      await runTrainPpoJob({ runId: interrupted, request }, second.ctx);
      // The resumed job started at the checkpoint (PPO iteration 2) and did no BC.
      const reported = second.progress.map((p) => p.detail?.training).filter((t) => t !== undefined);
      expect(reported.some((t) => t.phase === 'bc')).toBe(false);
      const ppoIterations = reported.filter((t) => t.phase === 'ppo').map((t) => t.iteration);
      expect(ppoIterations[0]).toBe(2);
      expect(ppoIterations).toContain(3);

      const a = runs.mustGet(straight);
      const b = runs.mustGet(interrupted);
      expect(b.status).toBe('done');
      expect(measures(runs.metrics(interrupted))).toEqual(measures(runs.metrics(straight)));
      expect(b.evaluation).toEqual(a.evaluation);
      const weights = (modelId: number | null) =>
        loadTfjsArtifacts(path.join(dataDir, 'models', String(modelId))).weights;
      const wa = weights(a.modelId);
      const wb = weights(b.modelId);
      expect(Object.keys(wb)).toEqual(Object.keys(wa));
      for (const name of Object.keys(wa))
        expect(Array.from(wb[name].data)).toEqual(Array.from(wa[name].data));
    },
    TIMEOUT_MS,
  );
});
