import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Lab } from '../../src/core/lab.js';
import { importAndWait, openTestLab, waitForJobEnd } from '../helpers/lab-harness.js';
import { dataPath, repoRoot, tempDir } from '../helpers/paths.js';

const MONTHLY_1H = dataPath('binance/spot/monthly/klines-csv/BTCUSDT/1h');
const DAILY_1M = dataPath('binance/spot/daily/klines/BTCUSDT/1m');
const ALL_BINANCE = dataPath('binance');
const SLOW_HOST = path.join(repoRoot, 'tests/fixtures/slow-job-host.mjs');

const labs: Lab[] = [];
afterEach(async () => {
  for (const lab of labs.splice(0)) await lab.close();
});

async function open(dataDir?: string, hostPath?: string) {
  const opened = await openTestLab(dataDir, hostPath);
  labs.push(opened.lab);
  return opened;
}

function waitFor(
  lab: Lab,
  predicate: (e: Parameters<Parameters<Lab['onEvent']>[0]>[0]) => boolean,
): Promise<void> {
  return new Promise((resolve) => {
    const off = lab.onEvent((e) => {
      if (predicate(e)) {
        off();
        resolve();
      }
    });
  });
}

describe('job hosts', () => {
  it('a job host that crashes marks its job failed with the reason, and the lab keeps working', async () => {
    const dataDir = tempDir();
    const crashing = await open(dataDir, path.join(repoRoot, 'tests/fixtures/crashing-job-host.mjs'));
    const { jobId } = await crashing.lab.startImport({ paths: [DAILY_1M] });
    const failed = await waitForJobEnd(crashing.lab, jobId);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/stopped unexpectedly \(exit code 3: simulated native crash in job host\)/);
    expect(await crashing.lab.getCoverage({})).toEqual([]);
    // Same lab object still answers; a working host on the same data dir completes the import.
    expect((await crashing.lab.listJobs({})).map((j) => j.status)).toEqual(['failed']);
    await crashing.lab.close();
    labs.pop();
    const { lab } = await open(dataDir);
    const ok = await importAndWait(lab, [DAILY_1M]);
    expect(ok.status).toBe('done');
  });

  it('cancel stops between files: only whole files are stored', async () => {
    const { lab } = await open(undefined, SLOW_HOST);
    const { jobId } = await lab.startImport({ paths: [ALL_BINANCE] });
    await waitFor(
      lab,
      (e) => e.type === 'job.progress' && e.job.id === jobId && (e.job.progress?.done ?? 0) >= 2,
    );
    await lab.cancelJob({ jobId });
    const job = await waitForJobEnd(lab, jobId);
    expect(job.status).toBe('cancelled');
    const summary = job.summary as { filesOk: number; barsStored: number };
    expect(summary.filesOk).toBeGreaterThan(0);
    const stored = (await lab.getCoverage({})).reduce((n, r) => n + r.bars, 0);
    expect(stored).toBe(summary.barsStored);
  });

  it('a job interrupted by shutdown resumes at the next start and ends as if never interrupted', async () => {
    const dataDir = tempDir();
    const first = await open(dataDir, SLOW_HOST);
    const { jobId } = await first.lab.startImport({ paths: [ALL_BINANCE] });
    await waitFor(
      first.lab,
      (e) => e.type === 'job.progress' && e.job.id === jobId && (e.job.progress?.done ?? 0) >= 1,
    );
    await first.lab.close();
    labs.splice(labs.indexOf(first.lab), 1);

    const second = await open(dataDir);
    expect((await second.lab.getJob({ jobId })).status).toBe('interrupted');
    const partial = (await second.lab.getCoverage({})).reduce((n, r) => n + r.bars, 0);
    await second.lab.start();
    const job = await waitForJobEnd(second.lab, jobId);
    expect(job.status).toBe('done');
    expect(job.attempts).toBe(2);
    expect((job.summary as { filesSkipped: number }).filesSkipped).toBeGreaterThan(0);

    const reference = await open();
    await importAndWait(reference.lab, [ALL_BINANCE]);
    const resumed = await second.lab.getCoverage({});
    expect(resumed).toEqual(await reference.lab.getCoverage({}));
    expect(resumed.reduce((n, r) => n + r.bars, 0)).toBeGreaterThan(partial);
  });

  it('a job left running by a crashed app is resumed at the next start', async () => {
    const dataDir = tempDir();
    const first = await open(dataDir);
    const { jobId } = await first.lab.startImport({ paths: [DAILY_1M] });
    await waitForJobEnd(first.lab, jobId);
    await first.lab.close();
    labs.splice(labs.indexOf(first.lab), 1);
    // What a power cut mid-job leaves behind: the row still says running.
    const { openDatabase } = await import('../../src/core/store/open-database.js');
    const db = openDatabase(dataDir);
    db.prepare(`UPDATE jobs SET status = 'running', summary = NULL, ended_at = NULL WHERE id = ?`).run(jobId);
    db.close();

    const second = await open(dataDir);
    await second.lab.start();
    const job = await waitForJobEnd(second.lab, jobId);
    expect(job).toMatchObject({ status: 'done', attempts: 2 });
    expect(job.summary).toEqual({ filesOk: 0, filesSkipped: 3, filesRejected: 0, barsStored: 0 });
    expect((await second.lab.getCoverage({}))[0].bars).toBe(4320);
  });

  it('records progress with rate and ETA, and tells dashboards the coverage changed', async () => {
    const { lab, events } = await open();
    const job = await importAndWait(lab, [MONTHLY_1H]);
    expect(job.status).toBe('done');
    // Progress events are throttled, so a fast import may end before the first one; the job's final
    // progress is always stored.
    expect(job.progress).toMatchObject({ done: 60, total: 60, unit: 'files', etaSeconds: 0 });
    expect(job.progress!.rate).toBeGreaterThan(0);
    for (const e of events) if (e.type === 'job.progress') expect(e.job.progress?.unit).toBe('files');
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['job.queued', 'job.started', 'job.done', 'coverage.changed']),
    );
  });
});
