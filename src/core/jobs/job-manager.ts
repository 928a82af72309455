import type { SecretValues } from '../secrets/secret-store.js';
import {
  HostMessage,
  LabError,
  type Job,
  type JobKind,
  type JobProgress,
  type LabEvent,
} from '../../shared/contract/index.js';
import type { Logger } from '../platform/logger.js';
import type { JobsRepo } from '../store/jobs-repo.js';
import type { HostExit, JobHostHandle, JobRunner } from './job-runner.js';

export interface JobManagerOptions {
  dataDir: string;
  sqliteNativeBinding?: string;
  now: () => number;
  logger: Logger;
  emit: (event: LabEvent) => void;
  /** Job hosts running at once; SQLite takes one writer at a time, so more mostly waits. */
  maxConcurrent?: number;
  /** How long a host may take to honour a cancel before it is killed. */
  cancelGraceMs?: number;
  /** Progress and issue updates are persisted and pushed at most this often per job. */
  flushIntervalMs?: number;
  /** Credentials for a job host, read at each launch (so a key entered later is used). */
  secrets?: () => SecretValues;
}

interface RunningJob {
  id: number;
  handle: JobHostHandle;
  cancelRequested: boolean;
  finished: boolean;
  pendingProgress: JobProgress | null;
  flushTimer: NodeJS.Timeout | null;
  exited: Promise<void>;
}

/**
 * Runs every long job of the lab: queues it in the jobs table, starts a job host through the
 * JobRunner port, relays progress, records the outcome, cancels, and resumes jobs that a shutdown
 * or crash interrupted. A host that dies marks its job failed; the lab itself stays up.
 */
export class JobManager {
  private readonly queue: number[] = [];
  private readonly running = new Map<number, RunningJob>();
  private closing = false;
  private coverageTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly repo: JobsRepo,
    private readonly runner: JobRunner,
    private readonly options: JobManagerOptions,
  ) {}

  submit(kind: JobKind, params: unknown): Job {
    if (this.closing)
      throw new LabError('conflict', 'The lab is shutting down; start the job again after restart.');
    const id = this.repo.create(kind, params, this.options.now());
    this.emit('job.queued', id);
    this.queue.push(id);
    this.pump();
    return this.mustGet(id);
  }

  /** Puts jobs left queued, running or interrupted by the last session back in the queue. */
  resumeUnfinished(): number[] {
    const ids = this.repo.unfinished().filter((id) => !this.running.has(id) && !this.queue.includes(id));
    for (const id of ids) {
      this.repo.setStatus(id, 'queued');
      this.queue.push(id);
      this.options.logger.info('resuming interrupted job', { jobId: id });
    }
    this.pump();
    return ids;
  }

  cancel(id: number): Job {
    const job = this.mustGet(id);
    const queuedAt = this.queue.indexOf(id);
    if (queuedAt >= 0) {
      this.queue.splice(queuedAt, 1);
      this.repo.finish(id, 'cancelled', this.options.now(), {});
      this.emit('job.cancelled', id);
    } else {
      const run = this.running.get(id);
      if (!run) {
        if (job.status === 'queued' || job.status === 'interrupted') {
          this.repo.finish(id, 'cancelled', this.options.now(), {});
          this.emit('job.cancelled', id);
        }
        return this.mustGet(id);
      }
      if (!run.cancelRequested) {
        run.cancelRequested = true;
        run.handle.send({ type: 'cancel' });
        setTimeout(() => {
          if (!run.finished) {
            this.options.logger.warn('job host did not stop after cancel; killing it', { jobId: id });
            run.handle.kill();
          }
        }, this.options.cancelGraceMs ?? 5000).unref();
      }
    }
    return this.mustGet(id);
  }

  get(id: number): Job {
    return this.mustGet(id);
  }

  list(limit: number): Job[] {
    return this.repo.list(limit);
  }

  /** Stops accepting work; running jobs are marked interrupted (they resume next start) and their hosts stopped. */
  async close(timeoutMs = 5000): Promise<void> {
    this.closing = true;
    this.queue.length = 0;
    const runs = [...this.running.values()];
    for (const run of runs) {
      // A job that already reported its outcome keeps it; only unfinished work resumes next start.
      if (!run.finished) this.repo.setStatus(run.id, 'interrupted');
      run.handle.kill();
    }
    await Promise.race([
      Promise.all(runs.map((r) => r.exited)),
      new Promise((resolve) => setTimeout(resolve, timeoutMs).unref()),
    ]);
    if (this.coverageTimer) clearTimeout(this.coverageTimer);
  }

  private pump(): void {
    const max = this.options.maxConcurrent ?? 1;
    while (!this.closing && this.running.size < max && this.queue.length > 0) {
      this.launch(this.queue.shift()!);
    }
  }

  private launch(id: number): void {
    const job = this.mustGet(id);
    let resolveExited!: () => void;
    const exited = new Promise<void>((resolve) => (resolveExited = resolve));
    let handle: JobHostHandle;
    try {
      handle = this.runner.start();
    } catch (err) {
      this.repo.finish(id, 'failed', this.options.now(), {
        error: `Could not start a job host: ${(err as Error).message}`,
      });
      this.emit('job.failed', id);
      return;
    }
    const run: RunningJob = {
      id,
      handle,
      cancelRequested: false,
      finished: false,
      pendingProgress: null,
      flushTimer: null,
      exited,
    };
    this.running.set(id, run);
    this.repo.clearIssues(id);
    this.repo.markStarted(id, this.options.now());
    this.emit('job.started', id);

    handle.onMessage((raw) => this.onHostMessage(run, raw, job));
    handle.onExit((exit) => {
      this.onHostExit(run, exit);
      resolveExited();
    });
  }

  private onHostMessage(run: RunningJob, raw: unknown, job: Job): void {
    const parsed = HostMessage.safeParse(raw);
    if (!parsed.success) {
      this.options.logger.error('invalid message from job host', { jobId: run.id });
      this.finish(run, 'failed', { error: 'The job host sent an invalid message (a bug); see the log.' });
      run.handle.kill();
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'ready':
        run.handle.send({
          type: 'start',
          job: { id: job.id, kind: job.kind, params: job.params },
          dataDir: this.options.dataDir,
          sqliteNativeBinding: this.options.sqliteNativeBinding,
          secrets: this.options.secrets?.(),
        });
        return;
      case 'progress':
        run.pendingProgress = message.progress;
        this.scheduleFlush(run);
        return;
      case 'issue':
        this.repo.addIssue(run.id, message.issue, this.options.now());
        this.scheduleFlush(run);
        return;
      case 'coverage-changed':
        this.scheduleCoverageChanged();
        return;
      case 'done':
        this.finish(run, 'done', { summary: message.summary });
        return;
      case 'cancelled':
        this.finish(run, 'cancelled', { summary: message.summary });
        return;
      case 'failed':
        this.finish(run, 'failed', { error: message.error });
        return;
    }
  }

  private onHostExit(run: RunningJob, exit: HostExit): void {
    this.running.delete(run.id);
    if (!run.finished) {
      if (this.closing) {
        run.finished = true;
        this.flush(run);
      } else if (run.cancelRequested) {
        this.finish(run, 'cancelled', {});
      } else {
        const how = exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
        this.finish(run, 'failed', {
          error:
            `The job host stopped unexpectedly (${how}${exit.reason ? `: ${exit.reason}` : ''}). ` +
            'Work already committed is kept; start the job again to continue.',
        });
      }
    }
    this.pump();
  }

  private finish(
    run: RunningJob,
    status: 'done' | 'failed' | 'cancelled',
    fields: { error?: string; summary?: unknown },
  ): void {
    if (run.finished) return;
    run.finished = true;
    this.flush(run);
    this.repo.finish(run.id, status, this.options.now(), fields);
    this.emit(status === 'done' ? 'job.done' : status === 'failed' ? 'job.failed' : 'job.cancelled', run.id);
    this.flushCoverageChanged();
  }

  private scheduleFlush(run: RunningJob): void {
    if (run.flushTimer) return;
    run.flushTimer = setTimeout(() => this.flush(run), this.options.flushIntervalMs ?? 200);
  }

  private flush(run: RunningJob): void {
    if (run.flushTimer) clearTimeout(run.flushTimer);
    run.flushTimer = null;
    if (run.pendingProgress) this.repo.setProgress(run.id, run.pendingProgress);
    run.pendingProgress = null;
    if (!run.finished) this.emit('job.progress', run.id);
  }

  private scheduleCoverageChanged(): void {
    if (this.coverageTimer) return;
    this.coverageTimer = setTimeout(() => this.flushCoverageChanged(), 500);
  }

  private flushCoverageChanged(): void {
    if (!this.coverageTimer) return;
    clearTimeout(this.coverageTimer);
    this.coverageTimer = null;
    this.options.emit({ type: 'coverage.changed' });
  }

  private emit(type: Exclude<LabEvent['type'], 'coverage.changed'>, id: number): void {
    this.options.emit({ type, job: this.mustGet(id) });
  }

  private mustGet(id: number): Job {
    const job = this.repo.get(id);
    if (!job) throw new LabError('not-found', `No job with id ${id}.`);
    return job;
  }
}
