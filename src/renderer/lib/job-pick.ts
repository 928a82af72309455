import type { Job, JobKind } from '../../shared/contract/index.js';

const isActive = (job: Job): boolean => job.status === 'queued' || job.status === 'running';

/**
 * The job a panel follows: the one it started (while the event bringing it may still be on its
 * way, none); else the newest job of its kinds, started elsewhere (the CLI, another window, before
 * a reload), either only while it runs or also after it ended. `jobs` is newest first.
 */
export function followedJob(
  jobs: readonly Job[],
  kinds: readonly JobKind[],
  startedId: number | null,
  which: 'active' | 'latest',
): Job | undefined {
  if (startedId != null) return jobs.find((j) => j.id === startedId);
  return jobs.find((j) => kinds.includes(j.kind) && (which === 'latest' || isActive(j)));
}

/** Whether an event's job just ended (done, failed or cancelled). */
export function isEndEvent(type: string): boolean {
  return type === 'job.done' || type === 'job.failed' || type === 'job.cancelled';
}

/** Jobs that store bars: their end may change coverage and quality (their last commit may race the event). */
export const BAR_JOB_KINDS: readonly JobKind[] = [
  'import-binance-files',
  'fetch-binance',
  'fetch-binance-futures',
  'fetch-polygon',
  'fetch-yahoo',
];
