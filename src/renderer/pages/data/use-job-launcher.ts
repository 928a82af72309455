import { useCallback, useState } from 'react';
import type { Job, JobKind } from '../../../shared/contract/index.js';
import { isActiveJob } from '../../hooks/use-jobs.js';
import { errorText } from '../../lib/error-text.js';
import { useCancelJob } from './use-cancel-job.js';
import { useFollowedJob } from './use-followed-job.js';

/** What a panel that starts and follows one kind of job needs: see useJobLauncher. */
export interface JobLauncher {
  /** The job the panel shows: the one started here, else the latest of its kinds. */
  job: Job | undefined;
  /** The shown job is queued or running, so it can be cancelled. */
  jobActive: boolean;
  /** The start call is in flight. */
  submitting: boolean;
  /** Why the lab refused to start the job, until the next start. */
  callError: string | null;
  /** Sends the start call and follows the job it returns. */
  launch: (startCall: () => Promise<{ jobId: number }>) => void;
  cancel: ReturnType<typeof useCancelJob>;
}

/**
 * Starting, following and cancelling the latest job of `kinds`. `what` names the job in the message
 * shown when the start call fails ("Could not start the fetch: …").
 */
export function useJobLauncher(kinds: readonly JobKind[], what: string): JobLauncher {
  const [callError, setCallError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const { job, follow } = useFollowedJob(kinds, 'latest');
  const cancel = useCancelJob();

  const launch = useCallback(
    (startCall: () => Promise<{ jobId: number }>) => {
      setCallError(null);
      setSubmitting(true);
      startCall()
        .then(
          ({ jobId }) => follow(jobId),
          (err: unknown) => setCallError(`Could not start ${what}: ${errorText(err)}`),
        )
        .finally(() => setSubmitting(false));
    },
    [follow, what],
  );

  return { job, jobActive: job != null && isActiveJob(job), submitting, callError, launch, cancel };
}
