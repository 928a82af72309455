import type { Job } from '../../../shared/contract/index.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { useJobs } from '../../hooks/use-jobs.js';
import { useNow } from '../../hooks/use-now.js';
import {
  formatElapsed,
  formatJobKind,
  formatSummaryKey,
  formatSummaryValue,
  formatUtc,
} from '../../lib/format.js';

const SHOWN = 20;

function summaryText(job: Job): string {
  if (!job.summary) return '';
  return Object.entries(job.summary)
    .map(([key, value]) => `${formatSummaryKey(key)} ${formatSummaryValue(value)}`)
    .join(' · ');
}

/** The latest jobs of every kind, newest first. */
export function RecentJobs() {
  const { jobs, loaded, error } = useJobs();
  const shown = jobs.slice(0, SHOWN);
  const anyRunning = shown.some((j) => j.status === 'running');
  const now = useNow(1000, anyRunning);

  return (
    <section className="panel" aria-labelledby="jobs-title">
      <h2 className="panel__title" id="jobs-title">
        Recent jobs
      </h2>
      {error && <ErrorNote message={`Could not load jobs: ${error}`} />}
      <div className="table-wrap">
        <table className="table" data-testid="jobs-list">
          <thead>
            <tr>
              <th className="num">#</th>
              <th>Kind</th>
              <th>Status</th>
              <th>Created (UTC)</th>
              <th>Started (UTC)</th>
              <th>Ended (UTC)</th>
              <th className="num">Took</th>
              <th>Summary</th>
            </tr>
          </thead>
          <tbody>
            {shown.length === 0 ? (
              <tr>
                <td colSpan={8} className="table__empty">
                  {loaded ? 'No jobs yet.' : 'Loading…'}
                </td>
              </tr>
            ) : (
              shown.map((job) => (
                <tr key={job.id} data-testid="job-row" data-job-id={job.id} data-status={job.status}>
                  <td className="num muted">{job.id}</td>
                  <td className="nowrap">{formatJobKind(job.kind)}</td>
                  <td className="nowrap">
                    <span className={`badge badge--${job.status}`}>{job.status}</span>
                    {job.attempts > 1 && <span className="muted"> · attempt {job.attempts}</span>}
                  </td>
                  <td className="num">{formatUtc(job.createdAt, { seconds: true })}</td>
                  <td className="num">{formatUtc(job.startedAt, { seconds: true })}</td>
                  <td className="num">{formatUtc(job.endedAt, { seconds: true })}</td>
                  <td className="num">{formatElapsed(job.startedAt, job.endedAt, now)}</td>
                  <td className="jobs__summary">
                    {job.error ? <span className="error-text">{job.error}</span> : summaryText(job)}
                    {job.issues.length > 0 && <span className="warn"> · {job.issues.length} issues</span>}
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
