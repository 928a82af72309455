import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JobManager, type JobManagerOptions } from '../../src/core/jobs/job-manager.js';
import type { HostExit, JobHostHandle, JobRunner } from '../../src/core/jobs/job-runner.js';
import { silentLogger } from '../../src/core/platform/logger.js';
import { JobsRepo, MAX_ISSUES_PER_JOB } from '../../src/core/store/jobs-repo.js';
import { openDatabase } from '../../src/core/store/open-database.js';
import { LabError, type HostCommand, type LabEvent } from '../../src/shared/contract/index.js';

/** A job host double: records commands and kills; the test plays the host's messages and exit. */
class FakeHost implements JobHostHandle {
  readonly sent: HostCommand[] = [];
  kills = 0;
  exited: HostExit | null = null;
  /** When true, kill() ends the "process" (asynchronously, like a real SIGKILL). */
  exitOnKill = true;
  private readonly messageListeners: ((m: unknown) => void)[] = [];
  private readonly exitListeners: ((e: HostExit) => void)[] = [];

  send(command: HostCommand): void {
    if (this.exited) throw new Error('send after exit');
    this.sent.push(command);
  }
  onMessage(listener: (m: unknown) => void): void {
    this.messageListeners.push(listener);
  }
  onExit(listener: (e: HostExit) => void): void {
    this.exitListeners.push(listener);
  }
  kill(): void {
    this.kills++;
    if (this.exitOnKill) setImmediate(() => this.exit({ code: null, signal: 'SIGKILL' }));
  }
  /** The host posts a message. */
  post(message: unknown): void {
    for (const l of this.messageListeners) l(message);
  }
  /** The host process ends. */
  exit(exit: HostExit = { code: 0, signal: null }): void {
    if (this.exited) return;
    this.exited = exit;
    for (const l of this.exitListeners) l(exit);
  }
}

class FakeRunner implements JobRunner {
  readonly hosts: FakeHost[] = [];
  failNext: Error | null = null;
  start(): JobHostHandle {
    if (this.failNext) {
      const err = this.failNext;
      this.failNext = null;
      throw err;
    }
    const host = new FakeHost();
    this.hosts.push(host);
    return host;
  }
  get last(): FakeHost {
    return this.hosts.at(-1)!;
  }
}

const PARAMS = { paths: ['/data/spot/BTCUSDT-1m-2020-01-01.zip'] };
const progress = (done: number) => ({ done, total: 10, unit: 'files', rate: 1, etaSeconds: 10 - done });
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let dir: string;
let db: Database;
let repo: JobsRepo;
let runner: FakeRunner;
let events: LabEvent[];
let managers: JobManager[];
let clock: number;

function createManager(overrides: Partial<JobManagerOptions> = {}): JobManager {
  const manager = new JobManager(repo, runner, {
    dataDir: dir,
    now: () => (clock += 1000),
    logger: silentLogger,
    emit: (e) => events.push(e),
    flushIntervalMs: 10,
    cancelGraceMs: 40,
    ...overrides,
  });
  managers.push(manager);
  return manager;
}

const eventTypes = (jobId?: number) =>
  events.filter((e) => jobId === undefined || ('job' in e && e.job.id === jobId)).map((e) => e.type);

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tradelab-jobs-'));
  db = openDatabase(dir);
  repo = new JobsRepo(db);
  runner = new FakeRunner();
  events = [];
  managers = [];
  clock = Date.UTC(2026, 0, 1);
});

afterEach(async () => {
  for (const m of managers) await m.close(100);
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('JobManager: a job that succeeds', () => {
  it('queues, starts a host, and sends start once the host is ready', () => {
    const manager = createManager({ sqliteNativeBinding: '/native/better_sqlite3.node' });
    const job = manager.submit('import-binance-files', PARAMS);
    expect(job).toMatchObject({
      kind: 'import-binance-files',
      params: PARAMS,
      status: 'running',
      attempts: 1,
    });
    expect(job.startedAt).not.toBeNull();
    expect(runner.hosts).toHaveLength(1);
    expect(eventTypes()).toEqual(['job.queued', 'job.started']);
    expect(events[0]).toMatchObject({ type: 'job.queued', job: { id: job.id, status: 'queued' } });
    expect(runner.last.sent).toEqual([]);
    runner.last.post({ type: 'ready' });
    expect(runner.last.sent).toEqual([
      {
        type: 'start',
        job: { id: job.id, kind: 'import-binance-files', params: PARAMS },
        dataDir: dir,
        sqliteNativeBinding: '/native/better_sqlite3.node',
      },
    ]);
  });

  it('hands the host the secrets current when it starts, in the start message only, never in the stored job', () => {
    let key = 'first-key-value';
    const manager = createManager({ secrets: () => ({ coingeckoApiKey: key }) });
    const job = manager.submit('import-binance-files', PARAMS);
    key = 'entered-before-the-host-was-ready';
    runner.last.post({ type: 'ready' });
    expect(runner.last.sent[0]).toMatchObject({ type: 'start', secrets: { coingeckoApiKey: key } });
    const stored = JSON.stringify(db.prepare('SELECT * FROM jobs WHERE id = ?').get(job.id));
    expect(stored).not.toContain(key);
    expect(JSON.stringify(events)).not.toContain(key);
  });

  it('persists and emits progress, coalescing bursts within the flush interval', async () => {
    const manager = createManager();
    const { id } = manager.submit('import-binance-files', PARAMS);
    const host = runner.last;
    host.post({ type: 'ready' });
    host.post({ type: 'progress', progress: progress(1) });
    host.post({ type: 'progress', progress: progress(2) });
    host.post({ type: 'progress', progress: { ...progress(3), message: 'BTCUSDT-1m-2020-01-01.zip' } });
    expect(manager.get(id).progress).toBeNull(); // not yet flushed
    await vi.waitFor(() => expect(eventTypes(id)).toContain('job.progress'));
    const expected = { ...progress(3), message: 'BTCUSDT-1m-2020-01-01.zip' };
    expect(manager.get(id).progress).toEqual(expected);
    const progressEvents = events.filter((e) => e.type === 'job.progress');
    expect(progressEvents).toHaveLength(1);
    expect(progressEvents[0]).toMatchObject({ job: { id, progress: expected } });

    host.post({ type: 'progress', progress: progress(4) });
    await vi.waitFor(() => expect(manager.get(id).progress).toEqual(progress(4)));
    expect(events.filter((e) => e.type === 'job.progress')).toHaveLength(2);
  });

  it('done: status done with the summary, a job.done event, the last progress kept', async () => {
    const manager = createManager();
    const { id } = manager.submit('import-binance-files', PARAMS);
    const host = runner.last;
    host.post({ type: 'ready' });
    host.post({ type: 'progress', progress: progress(10) });
    const summary = { filesOk: 3, filesSkipped: 0, filesRejected: 0, barsStored: 4320 };
    host.post({ type: 'done', summary });
    const job = manager.get(id);
    expect(job).toMatchObject({ status: 'done', summary, error: null, progress: progress(10), attempts: 1 });
    expect(job.endedAt).not.toBeNull();
    const done = events.find((e) => e.type === 'job.done');
    expect(done).toMatchObject({ job: { id, status: 'done', summary } });
    host.exit({ code: 0, signal: null });
    await sleep(30);
    expect(manager.get(id).status).toBe('done');
    expect(eventTypes(id)).toEqual(['job.queued', 'job.started', 'job.done']);
  });

  it('coverage-changed is pushed once, at the latest when the job ends', () => {
    const manager = createManager();
    manager.submit('import-binance-files', PARAMS);
    const host = runner.last;
    host.post({ type: 'ready' });
    host.post({ type: 'coverage-changed' });
    host.post({ type: 'coverage-changed' });
    expect(events.filter((e) => e.type === 'coverage.changed')).toHaveLength(0);
    host.post({ type: 'done', summary: {} });
    expect(events.filter((e) => e.type === 'coverage.changed')).toHaveLength(1);
    expect(events.at(-1)).toEqual({ type: 'coverage.changed' });
  });

  it('coverage-changed is pushed within about half a second while the job runs', async () => {
    const manager = createManager();
    manager.submit('import-binance-files', PARAMS);
    runner.last.post({ type: 'coverage-changed' });
    await vi.waitFor(() => expect(events.filter((e) => e.type === 'coverage.changed')).toHaveLength(1), {
      timeout: 2000,
    });
  });

  it('lists jobs newest first', () => {
    const manager = createManager({ maxConcurrent: 3 });
    const a = manager.submit('import-binance-files', PARAMS);
    const b = manager.submit('import-binance-files', { paths: ['/b'] });
    expect(manager.list(10).map((j) => j.id)).toEqual([b.id, a.id]);
    expect(manager.list(1).map((j) => j.id)).toEqual([b.id]);
  });
});

describe('JobManager: failures', () => {
  it('a host that exits with code 1 without a terminal message fails the job; the next job still runs', async () => {
    const manager = createManager();
    const first = manager.submit('import-binance-files', PARAMS);
    const second = manager.submit('import-binance-files', { paths: ['/other'] });
    expect(runner.hosts).toHaveLength(1);
    expect(manager.get(second.id).status).toBe('queued');
    runner.hosts[0].post({ type: 'ready' });
    runner.hosts[0].exit({ code: 1, signal: null, reason: 'Error: disk full' });

    const failed = manager.get(first.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain('exit code 1');
    expect(failed.error).toContain('Error: disk full');
    expect(failed.endedAt).not.toBeNull();
    expect(eventTypes(first.id)).toContain('job.failed');

    expect(runner.hosts).toHaveLength(2);
    expect(manager.get(second.id).status).toBe('running');
    runner.hosts[1].post({ type: 'ready' });
    expect(runner.hosts[1].sent[0]).toMatchObject({
      type: 'start',
      job: { id: second.id, params: { paths: ['/other'] } },
    });
    runner.hosts[1].post({ type: 'done', summary: { ok: true } });
    expect(manager.get(second.id).status).toBe('done');
  });

  it('a host killed by a signal names the signal', () => {
    const manager = createManager();
    const { id } = manager.submit('import-binance-files', PARAMS);
    runner.last.exit({ code: null, signal: 'SIGSEGV' });
    expect(manager.get(id)).toMatchObject({ status: 'failed' });
    expect(manager.get(id).error).toContain('signal SIGSEGV');
  });

  it('a failed message records the host error', () => {
    const manager = createManager();
    const { id } = manager.submit('import-binance-files', PARAMS);
    runner.last.post({ type: 'failed', error: 'cannot open /x: EACCES' });
    runner.last.exit({ code: 1, signal: null });
    expect(manager.get(id)).toMatchObject({ status: 'failed', error: 'cannot open /x: EACCES' });
    expect(eventTypes(id).filter((t) => t === 'job.failed')).toHaveLength(1);
  });

  it.each([
    ['an unknown type', { type: 'hello' }],
    ['a malformed progress', { type: 'progress', progress: { done: -1 } }],
    ['a non-object', 'ready'],
    ['done without a summary', { type: 'done' }],
  ])('an invalid host message (%s) fails the job and kills the host', async (_label, message) => {
    const manager = createManager();
    const { id } = manager.submit('import-binance-files', PARAMS);
    const host = runner.last;
    host.post(message);
    expect(manager.get(id).status).toBe('failed');
    expect(manager.get(id).error).toMatch(/invalid message/);
    expect(host.kills).toBe(1);
    await vi.waitFor(() => expect(host.exited).not.toBeNull());
    expect(manager.get(id).status).toBe('failed');
  });

  it('a host that cannot start fails the job and the manager goes on', () => {
    const manager = createManager();
    runner.failNext = new Error('spawn ENOENT');
    const a = manager.submit('import-binance-files', PARAMS);
    expect(manager.get(a.id)).toMatchObject({
      status: 'failed',
      error: 'Could not start a job host: spawn ENOENT',
    });
    const b = manager.submit('import-binance-files', PARAMS);
    expect(manager.get(b.id).status).toBe('running');
    expect(runner.hosts).toHaveLength(1);
  });

  it('get and cancel of an unknown job throw not-found', () => {
    const manager = createManager();
    expect(() => manager.get(999)).toThrow(LabError);
    expect(() => manager.cancel(999)).toThrow(/No job with id 999/);
    try {
      manager.get(999);
    } catch (err) {
      expect((err as LabError).kind).toBe('not-found');
    }
  });
});

describe('JobManager: cancel', () => {
  it('a queued job is cancelled without ever starting', async () => {
    const manager = createManager();
    const running = manager.submit('import-binance-files', PARAMS);
    const queued = manager.submit('import-binance-files', PARAMS);
    const cancelled = manager.cancel(queued.id);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.startedAt).toBeNull();
    expect(cancelled.attempts).toBe(0);
    expect(eventTypes(queued.id)).toEqual(['job.queued', 'job.cancelled']);
    runner.hosts[0].post({ type: 'done', summary: {} });
    runner.hosts[0].exit();
    await tick();
    expect(runner.hosts).toHaveLength(1);
    expect(manager.get(queued.id).status).toBe('cancelled');
    expect(manager.get(running.id).status).toBe('done');
  });

  it('a running job gets a cancel command; the host replying cancelled ends it', async () => {
    const manager = createManager();
    const { id } = manager.submit('import-binance-files', PARAMS);
    const host = runner.last;
    host.post({ type: 'ready' });
    expect(manager.cancel(id).status).toBe('running');
    expect(host.sent.map((c) => c.type)).toEqual(['start', 'cancel']);
    manager.cancel(id); // a second cancel sends nothing more
    expect(host.sent.map((c) => c.type)).toEqual(['start', 'cancel']);
    host.post({ type: 'cancelled', summary: { filesOk: 1 } });
    expect(manager.get(id)).toMatchObject({ status: 'cancelled', summary: { filesOk: 1 }, error: null });
    expect(eventTypes(id)).toContain('job.cancelled');
    host.exit({ code: 0, signal: null });
    await sleep(80); // past the grace period
    expect(host.kills).toBe(0);
    expect(manager.get(id).status).toBe('cancelled');
  });

  it('a host that ignores the cancel is killed after the grace period and the job is cancelled', async () => {
    const manager = createManager({ cancelGraceMs: 60 });
    const { id } = manager.submit('import-binance-files', PARAMS);
    const host = runner.last;
    host.post({ type: 'ready' });
    manager.cancel(id);
    await sleep(20);
    expect(host.kills).toBe(0);
    expect(manager.get(id).status).toBe('running');
    await vi.waitFor(() => expect(host.kills).toBe(1), { timeout: 1000 });
    await vi.waitFor(() => expect(manager.get(id).status).toBe('cancelled'));
    expect(manager.get(id).error).toBeNull();
    expect(eventTypes(id).filter((t) => t === 'job.cancelled')).toHaveLength(1);
  });

  it('a job already finished is left as it is', () => {
    const manager = createManager();
    const { id } = manager.submit('import-binance-files', PARAMS);
    runner.last.post({ type: 'done', summary: {} });
    runner.last.exit();
    expect(manager.cancel(id).status).toBe('done');
  });
});

describe('JobManager: shutdown and resume', () => {
  it('close() marks running jobs interrupted and a new manager resumes them (attempts + 1)', async () => {
    const manager = createManager();
    const a = manager.submit('import-binance-files', PARAMS);
    const b = manager.submit('import-binance-files', { paths: ['/b'] });
    runner.hosts[0].post({ type: 'ready' });
    runner.hosts[0].post({ type: 'issue', issue: { subject: '/x.csv', line: 3, message: 'bad row' } });
    await manager.close(500);
    expect(runner.hosts[0].kills).toBe(1);
    expect(runner.hosts[0].exited).not.toBeNull();
    expect(manager.get(a.id).status).toBe('interrupted');
    expect(manager.get(a.id).issues).toHaveLength(1);
    expect(manager.get(b.id).status).toBe('queued');
    expect(eventTypes(a.id)).not.toContain('job.failed');
    expect(() => manager.submit('import-binance-files', PARAMS)).toThrow(/shutting down/);
    expect(runner.hosts).toHaveLength(1);

    const next = createManager();
    expect(next.resumeUnfinished()).toEqual([a.id, b.id]);
    expect(runner.hosts).toHaveLength(2);
    const resumed = next.get(a.id);
    expect(resumed).toMatchObject({ status: 'running', attempts: 2, issues: [] });
    expect(next.get(b.id).status).toBe('queued');
    runner.hosts[1].post({ type: 'ready' });
    expect(runner.hosts[1].sent[0]).toMatchObject({ type: 'start', job: { id: a.id } });
    runner.hosts[1].post({ type: 'done', summary: {} });
    runner.hosts[1].exit();
    expect(next.get(a.id)).toMatchObject({ status: 'done', attempts: 2 });
    expect(next.get(b.id)).toMatchObject({ status: 'running', attempts: 1 });
    // Nothing left to resume twice.
    expect(next.resumeUnfinished()).toEqual([]);
  });

  it('close() waits at most its timeout for a host that does not exit', async () => {
    const manager = createManager();
    const { id } = manager.submit('import-binance-files', PARAMS);
    runner.last.exitOnKill = false;
    const started = Date.now();
    await manager.close(50);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(manager.get(id).status).toBe('interrupted');
  });

  // Regression: close() between a host's `done` and its exit must not turn the job into `interrupted`.
  it('close() leaves a job that already reported done as done', async () => {
    const manager = createManager();
    const { id } = manager.submit('import-binance-files', PARAMS);
    runner.last.post({ type: 'ready' });
    runner.last.post({ type: 'done', summary: { filesOk: 1 } });
    expect(manager.get(id).status).toBe('done');
    await manager.close(500); // the host is still exiting
    expect(manager.get(id).status).toBe('done');
  });
});

describe('JobManager: issues', () => {
  it('stores issues with their line, and pushes a progress event', async () => {
    const manager = createManager();
    const { id } = manager.submit('import-binance-files', PARAMS);
    const host = runner.last;
    host.post({ type: 'issue', issue: { subject: '/a.zip', message: 'checksum mismatch' } });
    host.post({ type: 'issue', issue: { subject: '/b.csv', line: 12, message: 'high is below low' } });
    expect(manager.get(id).issues).toEqual([
      { subject: '/a.zip', message: 'checksum mismatch' },
      { subject: '/b.csv', line: 12, message: 'high is below low' },
    ]);
    await vi.waitFor(() => expect(eventTypes(id)).toContain('job.progress'));
    const ev = events.find((e) => e.type === 'job.progress');
    expect(ev).toMatchObject({ job: { issues: [{ subject: '/a.zip' }, { subject: '/b.csv' }] } });
  });

  it(`keeps at most ${MAX_ISSUES_PER_JOB} issues per job`, () => {
    const manager = createManager();
    const { id } = manager.submit('import-binance-files', PARAMS);
    const host = runner.last;
    for (let i = 1; i <= MAX_ISSUES_PER_JOB + 25; i++)
      host.post({ type: 'issue', issue: { subject: `/f${i}.csv`, message: 'bad' } });
    host.post({ type: 'done', summary: {} });
    const issues = manager.get(id).issues;
    expect(MAX_ISSUES_PER_JOB).toBe(1000);
    expect(issues).toHaveLength(MAX_ISSUES_PER_JOB);
    expect(issues[0].subject).toBe('/f1.csv');
    expect(issues.at(-1)!.subject).toBe(`/f${MAX_ISSUES_PER_JOB}.csv`);
  });
});

describe('JobManager: concurrency', () => {
  it('runs up to maxConcurrent hosts at once', () => {
    const manager = createManager({ maxConcurrent: 2 });
    const ids = [1, 2, 3].map(() => manager.submit('import-binance-files', PARAMS).id);
    expect(runner.hosts).toHaveLength(2);
    expect(ids.map((id) => manager.get(id).status)).toEqual(['running', 'running', 'queued']);
    runner.hosts[1].post({ type: 'done', summary: {} });
    expect(runner.hosts).toHaveLength(2); // the slot frees when the host exits
    runner.hosts[1].exit();
    expect(runner.hosts).toHaveLength(3);
    expect(manager.get(ids[2]).status).toBe('running');
  });
});
