import type { Database } from 'better-sqlite3';
import type { JobContext } from '../../src/core/jobs/job-context.js';
import type { SecretValues } from '../../src/core/secrets/secret-store.js';
import type { JobIssue, JobProgress } from '../../src/shared/contract/index.js';

export interface TestJobContextOptions {
  db: Database;
  /** What `ctx.now()` returns: a fixed time, or a clock to call (default: the real clock). */
  now?: number | (() => number);
  /** Default: no credentials. */
  secrets?: SecretValues;
  /** Default: a path that does not exist (jobs that touch no raw files). */
  dataDir?: string;
  /** Its signal is `ctx.signal`; abort it to cancel (default: a fresh one). */
  controller?: AbortController;
  /** `ctx.isCancelled()`, given the progress reported so far (default: whether the signal aborted). */
  isCancelled?: (progress: readonly JobProgress[]) => boolean;
  /** Called with each issue after it is recorded, e.g. to throw for a job that must report none. */
  onIssue?: (issue: JobIssue) => void;
}

export interface TestJobContext {
  ctx: JobContext;
  /** Every progress update, in order. */
  progress: JobProgress[];
  /** Every issue, in order. */
  issues: JobIssue[];
  controller: AbortController;
  /** How many times the job called `ctx.coverageChanged()`. */
  coverageChanges(): number;
}

/** A job context for calling a job function directly in a test (no job host), recording what it reports. */
export function testJobContext(options: TestJobContextOptions): TestJobContext {
  const { db, now = () => Date.now(), controller = new AbortController(), isCancelled, onIssue } = options;
  const progress: JobProgress[] = [];
  const issues: JobIssue[] = [];
  let coverageChanges = 0;
  const ctx: JobContext = {
    db,
    secrets: options.secrets ?? {},
    dataDir: options.dataDir ?? '/nonexistent',
    signal: controller.signal,
    now: typeof now === 'number' ? () => now : now,
    progress: (p) => progress.push(p),
    issue: (i) => {
      issues.push(i);
      onIssue?.(i);
    },
    coverageChanged: () => coverageChanges++,
    isCancelled: isCancelled ? () => isCancelled(progress) : () => controller.signal.aborted,
    yieldToHost: () => Promise.resolve(),
  };
  return { ctx, progress, issues, controller, coverageChanges: () => coverageChanges };
}
