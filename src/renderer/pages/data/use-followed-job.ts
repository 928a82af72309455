import { useCallback, useState } from 'react';
import type { Job, JobKind } from '../../../shared/contract/index.js';
import { useJobs } from '../../hooks/use-jobs.js';
import { followedJob } from '../../lib/job-pick.js';
import { useLab } from '../../transport/lab-context.js';

/**
 * The job a panel shows (see followedJob) and `follow(jobId)` for the one it just started. Events
 * normally bring the new job; getJob fetches it too in case they were missed.
 */
export function useFollowedJob(
  kinds: readonly JobKind[],
  which: 'active' | 'latest',
): { job: Job | undefined; follow: (jobId: number) => void } {
  const { api } = useLab();
  const { jobs, seed } = useJobs();
  const [startedId, setStartedId] = useState<number | null>(null);

  const follow = useCallback(
    (jobId: number) => {
      setStartedId(jobId);
      api.getJob({ jobId }).then(seed, () => {});
    },
    [api, seed],
  );

  return { job: followedJob(jobs, kinds, startedId, which), follow };
}
