import { useState, type FormEvent } from 'react';
import type { Job } from '../../../shared/contract/index.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { JobProgressLine } from '../../components/JobProgressLine.js';
import { isActiveJob, useJobs } from '../../hooks/use-jobs.js';
import { errorText } from '../../lib/error-text.js';
import { parsePathList } from '../../lib/paths.js';
import { useLab } from '../../transport/lab-context.js';
import { ImportSummaryView } from './ImportResult.js';
import { JobIssueList } from './JobIssueList.js';

type MarketChoice = 'auto' | 'spot' | 'um';

const IMPORT_KIND: Job['kind'] = 'import-binance-files';

/**
 * Starts an import of Binance Data Vision kline files already on disk (paths as the lab's machine
 * sees them), then follows that job: live progress while it runs, its summary and per-file
 * problems when it ends. With no job started here, it follows an import already running (e.g. one
 * started from the CLI or before a reload).
 */
export function ImportPanel() {
  const client = useLab();
  const { jobs, seed } = useJobs();
  const [pathsText, setPathsText] = useState('');
  const [market, setMarket] = useState<MarketChoice>('auto');
  const [submitting, setSubmitting] = useState(false);
  const [callError, setCallError] = useState<string | null>(null);
  const [startedJobId, setStartedJobId] = useState<number | null>(null);

  const job =
    startedJobId != null
      ? jobs.find((j) => j.id === startedJobId)
      : jobs.find((j) => j.kind === IMPORT_KIND && isActiveJob(j));

  const start = (event: FormEvent) => {
    event.preventDefault();
    const paths = parsePathList(pathsText);
    if (paths.length === 0) {
      setCallError('Enter at least one file or folder path to import.');
      return;
    }
    setSubmitting(true);
    setCallError(null);
    client.api
      .startImport({ paths, ...(market === 'auto' ? {} : { market }) })
      .then(
        ({ jobId }) => {
          setStartedJobId(jobId);
          // Events normally bring the job; fetch it too in case they were missed.
          client.api.getJob({ jobId }).then(seed, () => {});
        },
        (err: unknown) => setCallError(errorText(err)),
      )
      .finally(() => setSubmitting(false));
  };

  const choosePaths = () => {
    client.pickPaths?.().then(
      (picked) => {
        if (picked.length === 0) return;
        setPathsText((text) => [...parsePathList(text), ...picked].join('\n'));
      },
      (err: unknown) => setCallError(errorText(err)),
    );
  };

  return (
    <section className="panel" aria-labelledby="import-title">
      <h2 className="panel__title" id="import-title">
        Import Binance kline files
      </h2>
      <form className="import-form" onSubmit={start}>
        <label className="field field--grow">
          <span className="field__label">
            Files or folders on the lab's machine (one per line, or comma-separated)
          </span>
          <textarea
            data-testid="import-paths"
            className="input mono"
            rows={3}
            spellCheck={false}
            placeholder="/data/binance/spot/monthly/klines/BTCUSDT/1m"
            value={pathsText}
            onChange={(e) => setPathsText(e.target.value)}
          />
        </label>
        <div className="import-form__side">
          <label className="field">
            <span className="field__label">Market</span>
            <select
              data-testid="import-market"
              className="input"
              value={market}
              onChange={(e) => setMarket(e.target.value as MarketChoice)}
            >
              <option value="auto">auto (from path)</option>
              <option value="spot">spot</option>
              <option value="um">futures UM</option>
            </select>
          </label>
          <div className="import-form__buttons">
            {client.pickPaths && (
              <button type="button" className="button" onClick={choosePaths} data-testid="import-choose">
                Choose folder…
              </button>
            )}
            <button
              type="submit"
              className="button button--primary"
              disabled={submitting}
              data-testid="import-start"
            >
              {submitting ? 'Starting…' : 'Import'}
            </button>
          </div>
        </div>
      </form>
      {callError && <ErrorNote message={callError} testId="import-call-error" />}
      {job && <ImportJobView job={job} />}
    </section>
  );
}

function ImportJobView({ job }: { job: Job }) {
  return (
    <div className="import-job" data-job-id={job.id}>
      {isActiveJob(job) ? (
        <div className="import-progress" data-testid="import-progress" data-status={job.status}>
          <div className="import-progress__head">
            <span className="strong">{job.status === 'queued' ? 'Queued' : 'Importing'}</span>
            <span className="muted">job #{job.id}</span>
          </div>
          <JobProgressLine job={job} showMessage />
        </div>
      ) : (
        <ImportSummaryView job={job} />
      )}
      <JobIssueList issues={job.issues} testIdPrefix="import" />
    </div>
  );
}
