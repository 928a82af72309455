import { useLabQuery } from '../hooks/use-lab-query.js';
import { backendLabel, backendSummary } from '../lib/training-format.js';

/** Recent runs are enough: the running one is among the newest. */
const RECENT_RUNS = 10;

/**
 * The backend a running training job reported, and which faster ones its run skipped and why
 * (read from the run once per job and backend; the reasons are in the tooltip). Test ids:
 * status-backend (data-value = the backend), status-backend-skipped.
 */
export function TrainingBackendBadge({ runId, backend }: { runId: number; backend: string }) {
  const runs = useLabQuery((api) => api.listTrainingRuns({ limit: RECENT_RUNS }), `${runId}|${backend}`);
  const choice = runs.data?.find((r) => r.id === runId)?.backend ?? null;
  const summary = choice ? backendSummary(choice) : null;
  return (
    <span
      className="status-job__backend-wrap"
      title={summary?.title ?? `Training runs on ${backendLabel(backend)}`}
    >
      <span className="status-job__backend" data-testid="status-backend" data-value={backend}>
        {backend}
      </span>
      {summary?.skipped && (
        <span className="status-job__skipped muted" data-testid="status-backend-skipped">
          skipped {summary.skipped}
        </span>
      )}
    </span>
  );
}
