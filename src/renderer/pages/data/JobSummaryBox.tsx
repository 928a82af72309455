import type { ReactNode } from 'react';
import type { Job } from '../../../shared/contract/index.js';
import { formatElapsed, formatSummaryKey, formatSummaryValue } from '../../lib/format.js';

/**
 * The frame of a job that ended: `title`, its id and duration, the job's error if it failed, then
 * `children` (its stats). The border shows the final status.
 */
export function JobSummaryBox({
  job,
  title,
  testId,
  children,
}: {
  job: Job;
  title: ReactNode;
  testId: string;
  children: ReactNode;
}) {
  return (
    <div
      className={`import-summary import-summary--${job.status}`}
      data-testid={testId}
      data-status={job.status}
    >
      <div className="import-summary__head">
        <span className="strong">{title}</span>
        <span className="muted">
          job #{job.id} · took {formatElapsed(job.startedAt, job.endedAt)}
        </span>
      </div>
      {job.error && (
        <div className="error-note" role="alert" data-field="error">
          {job.error}
        </div>
      )}
      {children}
    </div>
  );
}

/** One count of a summary; data-field and data-value carry the raw key and number for tests. */
export function SummaryStat({
  name,
  field,
  value,
  text,
  warn = false,
  title,
}: {
  name: string;
  field: string;
  value: number;
  /** `value` as shown (a count, a size). */
  text: string;
  /** Highlighted: something the user should look at. */
  warn?: boolean;
  title?: string;
}) {
  return (
    <div className="stat" data-field={field} data-value={value} title={title}>
      <dt>{name}</dt>
      <dd className={warn ? 'num warn' : 'num'}>{text}</dd>
    </div>
  );
}

/**
 * A summary of a shape this renderer does not know (another job kind, an older or newer core),
 * shown as it is rather than hidden.
 */
export function RawSummaryStats({
  summary,
  className,
}: {
  summary: Record<string, unknown>;
  className: string;
}) {
  return (
    <dl className={className}>
      {Object.entries(summary).map(([key, value]) => (
        <div key={key} className="stat" data-field={key}>
          <dt>{formatSummaryKey(key)}</dt>
          <dd className="num">{formatSummaryValue(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
