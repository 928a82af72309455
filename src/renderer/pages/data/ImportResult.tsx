import { ImportSummary, type Job } from '../../../shared/contract/index.js';
import { formatInt } from '../../lib/format.js';
import { JobSummaryBox, RawSummaryStats, SummaryStat } from './JobSummaryBox.js';

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
    <JobSummaryBox job={job} title={STATUS_TEXT[job.status]} testId="import-summary">
      {parsed.success ? (
        <dl className="stats">
          <CountStat name="files ok" field="filesOk" value={parsed.data.filesOk} />
          <CountStat name="skipped" field="filesSkipped" value={parsed.data.filesSkipped} />
          <CountStat
            name="rejected"
            field="filesRejected"
            value={parsed.data.filesRejected}
            warn={parsed.data.filesRejected > 0}
          />
          <CountStat name="bars stored" field="barsStored" value={parsed.data.barsStored} />
        </dl>
      ) : (
        // A summary of another shape (older or newer core): show it as it is rather than hide it.
        job.summary && <RawSummaryStats summary={job.summary} className="stats" />
      )}
    </JobSummaryBox>
  );
}

function CountStat(props: { name: string; field: string; value: number; warn?: boolean }) {
  return <SummaryStat {...props} text={formatInt(props.value)} />;
}
