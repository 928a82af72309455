import { useCallback, useState } from 'react';
import { useJobs } from '../../hooks/use-jobs.js';
import { errorText } from '../../lib/error-text.js';
import { useLab } from '../../transport/lab-context.js';

/** cancelJob with its pending state and the lab's refusal, if any, to show next to the button. */
export function useCancelJob(): {
  cancel: (jobId: number) => void;
  cancelling: boolean;
  error: string | null;
} {
  const { api } = useLab();
  const { upsert } = useJobs();
  const [cancelling, setCancelling] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const cancel = useCallback(
    (jobId: number) => {
      setCancelling(true);
      setError(null);
      api
        .cancelJob({ jobId })
        .then(upsert, (err: unknown) => setError(`Could not cancel job #${jobId}: ${errorText(err)}`))
        .finally(() => setCancelling(false));
    },
    [api, upsert],
  );

  return { cancel, cancelling, error };
}
