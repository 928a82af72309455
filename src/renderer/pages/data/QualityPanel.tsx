import { useMemo, useState } from 'react';
import type { JobKind } from '../../../shared/contract/index.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { JobProgressLine } from '../../components/JobProgressLine.js';
import { isActiveJob } from '../../hooks/use-jobs.js';
import { useQuality } from '../../hooks/use-quality.js';
import { errorText } from '../../lib/error-text.js';
import { qualityKey, sortQualityReports } from '../../lib/quality-view.js';
import { useLab } from '../../transport/lab-context.js';
import { QualityDetail } from './QualityDetail.js';
import { QualityTable } from './QualityTable.js';
import { useFollowedJob } from './use-followed-job.js';

const QUALITY_KINDS: readonly JobKind[] = ['compute-quality'];

/**
 * How trustworthy each stored series is (completeness, gaps, faults, whether it can be trained
 * on); selecting a row lists its gaps and fault examples. Recompute runs the report job again.
 */
export function QualityPanel() {
  const { api } = useLab();
  const { reports, loaded, error } = useQuality();
  const [selected, setSelected] = useState<string | null>(null);
  const [callError, setCallError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const { job, follow } = useFollowedJob(QUALITY_KINDS, 'latest');

  const sorted = useMemo(() => sortQualityReports(reports), [reports]);
  const selectedReport = sorted.find((r) => qualityKey(r) === selected) ?? null;
  const running = job != null && isActiveJob(job);

  const recompute = () => {
    setStarting(true);
    setCallError(null);
    api
      .startQualityReport({})
      .then(
        ({ jobId }) => follow(jobId),
        (err: unknown) => setCallError(`Could not start the quality report: ${errorText(err)}`),
      )
      .finally(() => setStarting(false));
  };

  return (
    <section className="panel" aria-labelledby="quality-title">
      <div className="panel__head">
        <h2 className="panel__title" id="quality-title">
          Data quality
        </h2>
        <button
          type="button"
          className="button button--small"
          onClick={recompute}
          disabled={starting || running}
          data-testid="quality-recompute"
        >
          {running ? 'Recomputing…' : starting ? 'Starting…' : 'Recompute'}
        </button>
      </div>
      {job && running && (
        <div className="panel__job" data-testid="quality-job" data-job-id={job.id}>
          <JobProgressLine job={job} showMessage />
        </div>
      )}
      {job?.status === 'failed' && (
        <ErrorNote
          message={`The last quality report (job #${job.id}) failed: ${job.error ?? 'no reason given'}`}
        />
      )}
      {callError && <ErrorNote message={callError} testId="quality-call-error" />}
      {error && <ErrorNote message={`Could not load the quality reports: ${error}`} />}
      {loaded ? (
        <QualityTable
          reports={sorted}
          selectedKey={selectedReport ? selected : null}
          onSelect={(key) => setSelected((current) => (current === key ? null : key))}
        />
      ) : (
        !error && <p className="muted">Loading…</p>
      )}
      {selectedReport && <QualityDetail report={selectedReport} />}
    </section>
  );
}
