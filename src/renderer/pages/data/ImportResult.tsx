import { ImportSummary, type Job, type JobIssue } from '../../../shared/contract/index.js';
import { formatElapsed, formatInt, formatSummaryKey, formatSummaryValue } from '../../lib/format.js';

const STATUS_TEXT: Record<Job['status'], string> = {
  queued: 'Queued',
  running: 'Running',
  done: 'Import finished',
  failed: 'Import failed',
  cancelled: 'Import cancelled',
  interrupted: 'Import interrupted (the lab stopped; it resumes on the next start)',
};

/** Summary of an import job that ended: files ok / skipped / rejected and bars stored. */
export function ImportSummaryView({ job }: { job: Job }) {
  const parsed = ImportSummary.safeParse(job.summary);
  return (
    <div
      className={`import-summary import-summary--${job.status}`}
      data-testid="import-summary"
      data-status={job.status}
    >
      <div className="import-summary__head">
        <span className="strong">{STATUS_TEXT[job.status]}</span>
        <span className="muted">
          job #{job.id} · took {formatElapsed(job.startedAt, job.endedAt)}
        </span>
      </div>
      {job.error && (
        <div className="error-note" role="alert" data-field="error">
          {job.error}
        </div>
      )}
      {parsed.success ? (
        <dl className="stats">
          <Stat name="files ok" field="filesOk" value={parsed.data.filesOk} />
          <Stat name="skipped" field="filesSkipped" value={parsed.data.filesSkipped} />
          <Stat
            name="rejected"
            field="filesRejected"
            value={parsed.data.filesRejected}
            warn={parsed.data.filesRejected > 0}
          />
          <Stat name="bars stored" field="barsStored" value={parsed.data.barsStored} />
        </dl>
      ) : (
        job.summary && (
          // A summary of another shape (older or newer core): show it as it is rather than hide it.
          <dl className="stats">
            {Object.entries(job.summary).map(([key, value]) => (
              <div key={key} className="stat" data-field={key}>
                <dt>{formatSummaryKey(key)}</dt>
                <dd className="num">{formatSummaryValue(value)}</dd>
              </div>
            ))}
          </dl>
        )
      )}
    </div>
  );
}

function Stat({
  name,
  field,
  value,
  warn = false,
}: {
  name: string;
  field: string;
  value: number;
  warn?: boolean;
}) {
  return (
    <div className="stat" data-field={field} data-value={value}>
      <dt>{name}</dt>
      <dd className={warn ? 'num warn' : 'num'}>{formatInt(value)}</dd>
    </div>
  );
}

/** Per-file problems of an import (rejected files, bad lines), shown while it runs and after. */
export function ImportIssues({ issues }: { issues: JobIssue[] }) {
  if (issues.length === 0) return null;
  return (
    <div className="import-issues" data-testid="import-errors">
      <div className="import-issues__head">
        {formatInt(issues.length)} {issues.length === 1 ? 'problem' : 'problems'} with input files
      </div>
      <ul className="import-issues__list">
        {issues.map((issue, i) => (
          <li key={i} className="import-issue" data-testid="import-error">
            <span
              className="import-issue__subject mono"
              data-field="subject"
              data-value={issue.subject}
              title={issue.subject}
            >
              <bdi>{issue.subject}</bdi>
            </span>
            {issue.line != null && (
              <span className="import-issue__line num" data-field="line">
                line {formatInt(issue.line)}
              </span>
            )}
            <span className="import-issue__message" data-field="message">
              {issue.message}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
