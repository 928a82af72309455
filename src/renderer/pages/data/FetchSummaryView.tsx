import { FetchSummary, type Job } from '../../../shared/contract/index.js';
import { formatBytes, formatInt, formatJobKind } from '../../lib/format.js';
import { JobSummaryBox, RawSummaryStats, SummaryStat } from './JobSummaryBox.js';

const STATUS_TEXT: Record<Job['status'], string> = {
  queued: 'queued',
  running: 'running',
  done: 'finished',
  failed: 'failed',
  cancelled: 'cancelled (files already stored are kept)',
  interrupted: 'interrupted (the lab stopped; it resumes on the next start)',
};

interface StatSpec {
  name: string;
  field: keyof Omit<FetchSummary, 'notes'>;
  /** Bytes show as a size, everything else as a count. */
  bytes?: boolean;
  /** Highlighted when not zero: something the user should look at. */
  warnWhenAny?: boolean;
  title?: string;
}

const STATS: readonly StatSpec[] = [
  { name: 'planned', field: 'filesPlanned', title: 'Archive files this fetch covers' },
  { name: 'downloaded', field: 'filesDownloaded', title: 'Downloaded and verified by checksum' },
  { name: 'cached', field: 'filesCached', title: 'Already in the raw cache, verified: no download' },
  { name: 'absent', field: 'filesAbsent', title: 'Not published by Binance (skipped, not an error)' },
  {
    name: 'rejected',
    field: 'filesRejected',
    warnWhenAny: true,
    title: 'Checksum mismatch, truncated or malformed: nothing stored from them',
  },
  {
    name: 'failed',
    field: 'filesFailed',
    warnWhenAny: true,
    title: 'Gave up after retries (network, server errors): run the same fetch again to resume them',
  },
  { name: 're-uploaded', field: 'filesReuploaded', title: 'Downloaded again: Binance replaced the archive' },
  { name: 'retries', field: 'retries', title: 'HTTP attempts retried (drops, 5xx, 429, stalls)' },
  { name: 'downloaded bytes', field: 'bytesDownloaded', bytes: true },
  { name: 'bars stored', field: 'barsStored' },
  { name: 'REST rows', field: 'restRows', title: 'Bars added over REST after the last archive' },
];

/** A fetch job that ended: what it downloaded, skipped and rejected, what it stored, and its notes. */
export function FetchSummaryView({ job, testIdPrefix }: { job: Job; testIdPrefix: string }) {
  const parsed = FetchSummary.safeParse(job.summary);
  return (
    <JobSummaryBox
      job={job}
      title={`${formatJobKind(job.kind)} ${STATUS_TEXT[job.status]}`}
      testId={`${testIdPrefix}-summary`}
    >
      {parsed.success ? (
        <>
          <dl className="stats stats--wrap">
            {STATS.map((s) => {
              const value = parsed.data[s.field];
              return (
                <SummaryStat
                  key={s.field}
                  name={s.name}
                  field={s.field}
                  value={value}
                  text={s.bytes ? formatBytes(value) : formatInt(value)}
                  warn={s.warnWhenAny === true && value > 0}
                  title={s.title}
                />
              );
            })}
          </dl>
          {parsed.data.notes.length > 0 && (
            <ul className="summary-notes" data-field="notes">
              {parsed.data.notes.map((note, i) => (
                <li key={i}>{note}</li>
              ))}
            </ul>
          )}
        </>
      ) : (
        // A summary of another shape (the futures job, an older or newer core): shown as it is.
        job.summary && <RawSummaryStats summary={job.summary} className="stats stats--wrap" />
      )}
    </JobSummaryBox>
  );
}
