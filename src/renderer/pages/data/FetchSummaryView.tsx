import type { Job } from '../../../shared/contract/index.js';
import { formatJobKind } from '../../lib/format.js';
import { summaryView } from '../../lib/summary-view.js';
import { JobSummaryBox, RawSummaryStats, SummaryStat } from './JobSummaryBox.js';

const STATUS_TEXT: Record<Job['status'], string> = {
  queued: 'queued',
  running: 'running',
  done: 'finished',
  failed: 'failed',
  cancelled: 'cancelled (what was already stored is kept; start it again to resume)',
  interrupted: 'interrupted (the lab stopped; it resumes on the next start)',
};

/**
 * A fetch job that ended: what it downloaded, skipped and rejected, what it stored, the lists it
 * reports (tickers not found, snapshots taken) and its notes. The layout follows the job's kind.
 */
export function FetchSummaryView({ job, testIdPrefix }: { job: Job; testIdPrefix: string }) {
  const view = summaryView(job.kind, job.summary);
  return (
    <JobSummaryBox
      job={job}
      title={`${formatJobKind(job.kind)} ${STATUS_TEXT[job.status]}`}
      testId={`${testIdPrefix}-summary`}
    >
      {view ? (
        <>
          <dl className="stats stats--wrap">
            {view.stats.map((s) => (
              <SummaryStat
                key={s.field}
                name={s.name}
                field={s.field}
                value={s.value}
                text={s.text}
                warn={s.warn}
                title={s.title}
              />
            ))}
          </dl>
          {view.lists.map((list) => (
            <p
              key={list.field}
              className={list.warn ? 'summary-list warn' : 'summary-list'}
              data-field={list.field}
              data-count={list.items.length}
            >
              <span className="strong">{list.name}:</span> {list.items.join(', ')}
            </p>
          ))}
          {view.notes.length > 0 && (
            <ul className="summary-notes" data-field="notes">
              {view.notes.map((note, i) => (
                <li key={i}>{note}</li>
              ))}
            </ul>
          )}
        </>
      ) : (
        // A summary of a shape this renderer does not know (an older or newer core): shown as it is.
        job.summary && <RawSummaryStats summary={job.summary} className="stats stats--wrap" />
      )}
    </JobSummaryBox>
  );
}
