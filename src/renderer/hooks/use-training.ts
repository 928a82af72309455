import { useEffect, useRef } from 'react';
import type { LabEvent, TrainingRun, TrainingRunDetail } from '../../shared/contract/index.js';
import { throttle } from '../lib/throttle.js';
import { jobRunId } from '../lib/training-runs.js';
import { useLabEvent } from '../transport/lab-context.js';
import { useLabQuery, type LabQueryState } from './use-lab-query.js';

/** How often live charts read a running run again (job.progress events come much faster). */
const LIVE_REFRESH_MS = 1000;

const RUN_LIST_LIMIT = 50;

const isTrainEvent = (event: LabEvent): event is Exclude<LabEvent, { type: 'coverage.changed' }> =>
  event.type !== 'coverage.changed' && event.job.kind === 'train-ppo';

/**
 * Calls `reload` (a stable callback, as useLabQuery's) at most once per second while `match`
 * events keep coming, and at once for events that say `now` (a job that started or ended: its
 * run's status changed).
 */
function useEventReload(reload: () => void, match: (event: LabEvent) => { now: boolean } | null): void {
  const throttled = useRef(throttle(reload, LIVE_REFRESH_MS));
  useEffect(() => () => throttled.current.cancel(), []);
  useLabEvent((event) => {
    const hit = match(event);
    if (!hit) return;
    if (hit.now) reload();
    else throttled.current();
  });
}

/** The training runs, newest first, kept current by train-ppo job events (status, phase, backend). */
export function useTrainingRuns(): LabQueryState<TrainingRun[]> {
  const query = useLabQuery((api) => api.listTrainingRuns({ limit: RUN_LIST_LIMIT }), 'runs');
  useEventReload(query.reload, (event) =>
    isTrainEvent(event) ? { now: event.type !== 'job.progress' } : null,
  );
  return query;
}

/**
 * One run with its metrics, read again (throttled, ~1/s) on each progress event of its job and at
 * once when the job starts or ends. `runId` null: nothing to show.
 */
export function useTrainingRun(runId: number | null): LabQueryState<TrainingRunDetail | null> {
  const query = useLabQuery(
    (api) => (runId == null ? Promise.resolve(null) : api.getTrainingRun({ runId })),
    String(runId),
  );
  useEventReload(query.reload, (event) => {
    if (runId == null || !isTrainEvent(event)) return null;
    return jobRunId(event.job) === runId ? { now: event.type !== 'job.progress' } : null;
  });
  // A different run picked: drop the old one's data so the page never shows it under the new id.
  return query.data != null && runId != null && query.data.id !== runId ? { ...query, data: null } : query;
}
