import type { JobLauncher } from './use-job-launcher.js';

/**
 * A job form's Start (submits the form) and Cancel (the followed job, while it runs) buttons:
 * `${testIdPrefix}-start` and `${testIdPrefix}-cancel`.
 */
export function JobFormActions({
  launcher,
  startLabel,
  testIdPrefix,
}: {
  launcher: JobLauncher;
  startLabel: string;
  testIdPrefix: string;
}) {
  const { job, jobActive, submitting, cancel } = launcher;
  return (
    <div className="fetch-form__buttons">
      <button
        type="submit"
        className="button button--primary"
        disabled={submitting}
        data-testid={`${testIdPrefix}-start`}
      >
        {submitting ? 'Starting…' : startLabel}
      </button>
      <button
        type="button"
        className="button"
        disabled={!jobActive || cancel.cancelling}
        onClick={() => job && cancel.cancel(job.id)}
        data-testid={`${testIdPrefix}-cancel`}
      >
        {cancel.cancelling ? 'Cancelling…' : 'Cancel'}
      </button>
    </div>
  );
}
