import type { Job } from '../../../shared/contract/index.js';
import { isActiveJob } from '../../hooks/use-jobs.js';
import { FetchProgress } from './FetchProgress.js';
import { FetchSummaryView } from './FetchSummaryView.js';
import { JobIssueList } from './JobIssueList.js';

/**
 * One fetch job: live progress while it runs, its summary once it ended, and its per-file errors
 * throughout. `testIdPrefix` keeps the klines and the futures panels apart for tests.
 */
export function FetchJobView({ job, testIdPrefix }: { job: Job; testIdPrefix: string }) {
  return (
    <div className="fetch-job" data-job-id={job.id}>
      {isActiveJob(job) ? (
        <FetchProgress job={job} testIdPrefix={testIdPrefix} />
      ) : (
        <FetchSummaryView job={job} testIdPrefix={testIdPrefix} />
      )}
      <JobIssueList issues={job.issues} testIdPrefix={testIdPrefix} />
    </div>
  );
}
