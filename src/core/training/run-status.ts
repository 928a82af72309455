import type { Job, TrainingRun, TrainingRunStatus } from '../../shared/contract/index.js';

/**
 * The status a run should show given its job. The job keeps the run's row up to date while it
 * runs (running → done / failed / cancelled), but a job that never started (cancelled while
 * queued), a host that died (failed by the job manager) or a lab that closed mid-run (job
 * interrupted) cannot: the lab applies this when it reads runs, so the two never disagree.
 * Returns null when the run's own status stands.
 */
export function reconciledStatus(
  run: Pick<TrainingRun, 'status' | 'error'>,
  job: Pick<Job, 'status' | 'error' | 'endedAt'> | undefined,
): { status: TrainingRunStatus; error: string | null; endedAt: number | null } | null {
  if (run.status !== 'queued' && run.status !== 'running' && run.status !== 'interrupted') return null;
  const endedAt = job?.endedAt ? Date.parse(job.endedAt) : null;
  if (!job)
    return run.status === 'queued' ? null : { status: 'interrupted', error: run.error, endedAt: null };
  switch (job.status) {
    case 'failed':
      return { status: 'failed', error: job.error ?? 'The training job failed.', endedAt };
    case 'cancelled':
      return { status: 'cancelled', error: null, endedAt };
    case 'interrupted':
      return run.status === 'interrupted' ? null : { status: 'interrupted', error: null, endedAt: null };
    case 'queued':
      // Put back in the queue after an interruption: it runs again soon.
      return run.status === 'interrupted' ? { status: 'queued', error: null, endedAt: null } : null;
    case 'done':
      // The job finishes its run before it reports done; a done job with an open run lost its
      // last write (a crash between the two), which only a new attempt can repair.
      return {
        status: 'failed',
        error: 'The training job ended without finishing its run; resume it to finish.',
        endedAt,
      };
    case 'running':
      return run.status === 'interrupted' ? { status: 'running', error: null, endedAt: null } : null;
  }
}
