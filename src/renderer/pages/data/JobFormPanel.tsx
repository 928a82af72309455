import type { FormEvent, ReactNode } from 'react';
import { ErrorNote } from '../../components/ErrorNote.js';
import { JobFormActions } from './JobFormActions.js';
import { LaunchedJobView } from './LaunchedJobView.js';
import type { JobLauncher } from './use-job-launcher.js';

/**
 * A Data page panel that starts and follows one kind of job: its title (`${testIdPrefix}-title`),
 * what comes before the form (`before`), the form's fields (the children), the message that
 * belongs to no field (`${testIdPrefix}-form-error`), Start and Cancel, the followed job, then `after`.
 */
export function JobFormPanel({
  testIdPrefix,
  title,
  startLabel,
  launcher,
  formError,
  onSubmit,
  before,
  after,
  children,
}: {
  testIdPrefix: string;
  title: string;
  startLabel: string;
  launcher: JobLauncher;
  formError: string | undefined;
  onSubmit: (event: FormEvent) => void;
  before?: ReactNode;
  after?: ReactNode;
  children: ReactNode;
}) {
  const titleId = `${testIdPrefix}-title`;
  return (
    <section className="panel" aria-labelledby={titleId}>
      <h2 className="panel__title" id={titleId}>
        {title}
      </h2>
      {before}
      <form className="fetch-form" onSubmit={onSubmit} noValidate>
        {children}
        {formError && <ErrorNote message={formError} testId={`${testIdPrefix}-form-error`} />}
        <JobFormActions launcher={launcher} startLabel={startLabel} testIdPrefix={testIdPrefix} />
      </form>
      <LaunchedJobView launcher={launcher} testIdPrefix={testIdPrefix} />
      {after}
    </section>
  );
}
