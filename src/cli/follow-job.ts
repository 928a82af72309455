import type { Job, LabEvent } from '../shared/contract/index.js';
import type { Lab } from '../core/lab-types.js';

type JobEvent = Extract<LabEvent, { job: Job }>;

const FINAL_EVENTS = new Set<JobEvent['type']>(['job.done', 'job.failed', 'job.cancelled']);

export interface FollowedJob {
  jobId: number;
  /** Resolves with the job as it ended (done, failed or cancelled). */
  ended: Promise<Job>;
}

/**
 * Starts a job and follows its events. The subscription is made before the job starts and events
 * are held until its id is known, so even a job that ends at once cannot slip past unseen.
 */
export async function startAndFollowJob(
  lab: Lab,
  start: () => Promise<{ jobId: number }>,
  onEvent: (event: JobEvent) => void,
): Promise<FollowedJob> {
  let jobId: number | null = null;
  const early: JobEvent[] = [];
  let resolveEnded!: (job: Job) => void;
  const ended = new Promise<Job>((resolve) => (resolveEnded = resolve));

  const handle = (event: JobEvent) => {
    onEvent(event);
    if (FINAL_EVENTS.has(event.type)) {
      unsubscribe();
      resolveEnded(event.job);
    }
  };
  const unsubscribe = lab.onEvent((event) => {
    if (!('job' in event)) return;
    if (jobId === null) early.push(event);
    else if (event.job.id === jobId) handle(event);
  });

  try {
    jobId = (await start()).jobId;
  } catch (err) {
    unsubscribe();
    throw err;
  }
  for (const event of early.splice(0)) if (event.job.id === jobId) handle(event);
  return { jobId, ended };
}
