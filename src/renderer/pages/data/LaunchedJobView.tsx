import { ErrorNote } from '../../components/ErrorNote.js';
import { FetchJobView } from './FetchJobView.js';
import type { JobLauncher } from './use-job-launcher.js';

/**
 * What a fetch form shows below itself: why the start or the cancel failed
 * (`${testIdPrefix}-call-error`, `${testIdPrefix}-cancel-error`), then the followed job.
 */
export function LaunchedJobView({ launcher, testIdPrefix }: { launcher: JobLauncher; testIdPrefix: string }) {
  const { callError, cancel, job } = launcher;
  return (
    <>
      {callError && <ErrorNote message={callError} testId={`${testIdPrefix}-call-error`} />}
      {cancel.error && <ErrorNote message={cancel.error} testId={`${testIdPrefix}-cancel-error`} />}
      {job && <FetchJobView job={job} testIdPrefix={testIdPrefix} />}
    </>
  );
}
