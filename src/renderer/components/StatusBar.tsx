import { useState } from 'react';
import type { Job } from '../../shared/contract/index.js';
import { isActiveJob, useJobs } from '../hooks/use-jobs.js';
import { useInfo } from '../hooks/use-info.js';
import { errorText } from '../lib/error-text.js';
import { formatJobKind } from '../lib/format.js';
import { trainingProgress } from '../lib/training-runs.js';
import { useLab } from '../transport/lab-context.js';
import { ConnectionBadge } from './ConnectionBadge.js';
import { JobProgressLine } from './JobProgressLine.js';
import { TrainingBackendBadge } from './TrainingBackendBadge.js';

function RunningJob({ job }: { job: Job }) {
  const { api } = useLab();
  const { upsert } = useJobs();
  const [cancelling, setCancelling] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const training = trainingProgress(job);

  const cancel = () => {
    setCancelling(true);
    setError(null);
    api.cancelJob({ jobId: job.id }).then(upsert, (err: unknown) => {
      setError(errorText(err));
      setCancelling(false);
    });
  };

  return (
    <div className="status-job" data-testid="status-job" data-job-id={job.id} data-status={job.status}>
      <span className="status-job__kind">{formatJobKind(job.kind)}</span>
      {training?.backend && <TrainingBackendBadge runId={training.runId} backend={training.backend} />}
      <JobProgressLine job={job} />
      <button
        type="button"
        className="button button--small"
        onClick={cancel}
        disabled={cancelling}
        data-testid="job-cancel"
      >
        {cancelling ? 'Cancelling…' : 'Cancel'}
      </button>
      {error && (
        <span className="status-job__error" role="alert" title={error}>
          {error}
        </span>
      )}
    </div>
  );
}

/**
 * Bottom bar: running jobs with cancel (a training job also shows the compute backend it runs on
 * and the faster ones it skipped),
 * the link state and where the data lives.
 */
export function StatusBar() {
  const { jobs } = useJobs();
  const { info } = useInfo();
  const running = jobs.filter(isActiveJob).sort((a, b) => a.id - b.id);

  return (
    <footer className="status-bar" data-testid="status-bar">
      <div className="status-bar__jobs">
        {running.length === 0 ? (
          <span className="muted">No jobs running</span>
        ) : (
          running.map((job) => <RunningJob key={job.id} job={job} />)
        )}
      </div>
      <div className="status-bar__meta">
        <ConnectionBadge />
        <span
          className="status-bar__datadir"
          data-testid="status-datadir"
          data-value={info?.dataDir}
          title={info?.dataDir}
        >
          {info ? <bdi>{info.dataDir}</bdi> : '…'}
        </span>
      </div>
    </footer>
  );
}
