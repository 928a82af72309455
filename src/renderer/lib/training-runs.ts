import type { Job, TrainingRun, TrainingRunStatus } from '../../shared/contract/index.js';

const ACTIVE: readonly TrainingRunStatus[] = ['queued', 'running'];
const RESUMABLE: readonly TrainingRunStatus[] = ['cancelled', 'failed', 'interrupted'];

export const isRunActive = (run: Pick<TrainingRun, 'status'>): boolean => ACTIVE.includes(run.status);

/** A run that stopped before the end can continue (from its newest checkpoint, else from the start). */
export const canResume = (run: Pick<TrainingRun, 'status'>): boolean => RESUMABLE.includes(run.status);

/** What Resume will do, for the button's tooltip. */
export function resumeText(run: Pick<TrainingRun, 'checkpoint'>): string {
  return run.checkpoint
    ? `Continue from the checkpoint at ${run.checkpoint.phase} iteration ${run.checkpoint.iteration}.`
    : 'No checkpoint was written yet: the run starts its schedule over.';
}

/**
 * The run the page shows: the one picked in the list (while it exists), else the newest one still
 * going, else the newest. `runs` is newest first.
 */
export function shownRunId(runs: readonly TrainingRun[], pickedId: number | null): number | null {
  if (pickedId != null && runs.some((r) => r.id === pickedId)) return pickedId;
  return (runs.find(isRunActive) ?? runs[0])?.id ?? null;
}

/** The training part of a job's latest progress (run, phase, iteration, backend), when it has one. */
export function trainingProgress(job: Job | undefined | null) {
  return job?.progress?.detail?.training ?? null;
}

/** The training run a train-ppo job fills: from its progress, else from its params ({ runId, request }). */
export function jobRunId(job: Job): number | null {
  if (job.kind !== 'train-ppo') return null;
  const fromProgress = trainingProgress(job)?.runId;
  if (fromProgress != null) return fromProgress;
  const params = job.params as { runId?: unknown } | null;
  return typeof params?.runId === 'number' ? params.runId : null;
}

/**
 * The backends of the training jobs running now, for the status bar: one per running train job
 * that has reported its backend.
 */
export function runningTrainingBackends(
  jobs: readonly Job[],
): { jobId: number; runId: number; backend: string }[] {
  return jobs.flatMap((job) => {
    const training = job.kind === 'train-ppo' && job.status === 'running' ? trainingProgress(job) : null;
    return training?.backend ? [{ jobId: job.id, runId: training.runId, backend: training.backend }] : [];
  });
}
