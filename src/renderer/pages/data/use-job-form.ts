import type { FormEvent } from 'react';
import type { JobKind } from '../../../shared/contract/index.js';
import type { FormResult } from '../../lib/form-result.js';
import { useFieldErrors } from './use-field-errors.js';
import { useJobLauncher } from './use-job-launcher.js';

/**
 * A form that validates its fields and starts one kind of job: its inline messages (see
 * useFieldErrors), its launcher (see useJobLauncher) and `submitWith(build, startCall)`, the submit
 * handler that shows the messages `build` returns or starts the job with the parameters it built.
 */
export function useJobForm<F extends string>(kinds: readonly JobKind[], what: string) {
  const fieldErrors = useFieldErrors<F>();
  const launcher = useJobLauncher(kinds, what);
  const { setErrors } = fieldErrors;

  const submitWith =
    <P>(build: () => FormResult<P, F>, startCall: (params: P) => Promise<{ jobId: number }>) =>
    (event: FormEvent) => {
      event.preventDefault();
      const built = build();
      if (!built.ok) {
        setErrors(built.errors);
        return;
      }
      setErrors({});
      launcher.launch(() => startCall(built.params));
    };

  return { ...fieldErrors, launcher, submitWith };
}
