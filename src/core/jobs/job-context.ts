import type { Database } from 'better-sqlite3';
import type { SecretValues } from '../secrets/secret-store.js';
import type { JobIssue, JobProgress } from '../../shared/contract/index.js';

/** What a job's code gets from the host that runs it. */
export interface JobContext {
  db: Database;
  /** The lab's data dir (raw-file cache lives under it). */
  dataDir: string;
  /** Credentials that are set (env or keychain), in memory only: never put them in params, issues or logs. */
  secrets: SecretValues;
  /** Aborted when a cancel is requested, so network waits stop at once. */
  signal: AbortSignal;
  now(): number;
  progress(progress: JobProgress): void;
  /** A problem with one input that does not stop the job (recorded on the job). */
  issue(issue: JobIssue): void;
  /** Tell dashboards the bar store changed. */
  coverageChanged(): void;
  /** True once a cancel was requested; jobs check it between units of work. */
  isCancelled(): boolean;
  /** Lets pending messages (a cancel) arrive between synchronous units of work. */
  yieldToHost(): Promise<void>;
}

/**
 * A failure the user can act on from its message alone (refused credentials, every request
 * refused): the job fails with the message and the host logs no stack trace for it, which would
 * read as a crash. Anything else thrown is treated as a bug and logged with its stack.
 */
export class JobFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JobFailure';
  }
}

/** Thrown by a job that stopped because it was cancelled; carries the summary so far. */
export class JobCancelled extends Error {
  constructor(readonly summary: Record<string, unknown>) {
    super('cancelled');
  }
}

export type JobHandler = (params: unknown, ctx: JobContext) => Promise<Record<string, unknown>>;
