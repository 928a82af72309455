import { useState } from 'react';
import { ErrorNote } from '../../components/ErrorNote.js';
import { JobProgressLine } from '../../components/JobProgressLine.js';
import { useJobs } from '../../hooks/use-jobs.js';
import { useSettings } from '../../hooks/use-settings.js';
import { errorText } from '../../lib/error-text.js';
import { formatJobKind } from '../../lib/format.js';
import { defaultTrainingDownload, describeTrainingDownload } from '../../lib/training-download.js';
import { useLab } from '../../transport/lab-context.js';

/**
 * The download offered when nothing trainable is stored: the Data page's "top 10 coins, 1h, 2
 * years" Binance fetch and a 1h Yahoo fetch of the stock tickers setting, started as the Data page
 * starts them, with their progress here. Test ids: training-download (button),
 * training-download-what, training-download-job (data-job-id, data-status), training-download-error.
 */
export function DefaultDownload() {
  const { api } = useLab();
  const { settings } = useSettings();
  const { jobs, seed } = useJobs();
  const [jobIds, setJobIds] = useState<number[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const download = defaultTrainingDownload(
    new Date(),
    settings?.stockTickers.value ?? [],
    settings?.downloadConcurrency.value ?? null,
  );
  const started = jobs.filter((j) => jobIds.includes(j.id)).sort((a, b) => a.id - b.id);
  const running = started.some((j) => j.status === 'queued' || j.status === 'running');

  const start = async () => {
    setBusy(true);
    setError(null);
    const ids: number[] = [];
    try {
      ids.push((await api.startFetchBinance(download.binance)).jobId);
      if (download.yahoo) ids.push((await api.startFetchYahoo(download.yahoo)).jobId);
    } catch (err) {
      setError(`Could not start the default download: ${errorText(err)}`);
    } finally {
      setJobIds(ids);
      for (const jobId of ids) api.getJob({ jobId }).then(seed, () => {});
      setBusy(false);
    }
  };

  return (
    <div className="default-download">
      <p className="muted" data-testid="training-download-what">
        Default download: {describeTrainingDownload(download)}
      </p>
      <button
        type="button"
        className="button button--primary"
        onClick={() => void start()}
        disabled={busy || running || settings == null}
        data-testid="training-download"
      >
        {running ? 'Downloading…' : 'Download the default data'}
      </button>
      {error && <ErrorNote message={error} testId="training-download-error" />}
      {started.map((job) => (
        <div
          key={job.id}
          className="default-download__job"
          data-testid="training-download-job"
          data-job-id={job.id}
          data-status={job.status}
        >
          <span className="strong">{formatJobKind(job.kind)}</span>
          {job.status === 'queued' || job.status === 'running' ? (
            <JobProgressLine job={job} />
          ) : (
            <span className={`badge badge--${job.status}`}>{job.status}</span>
          )}
          {job.error && <span className="error-text">{job.error}</span>}
        </div>
      ))}
    </div>
  );
}
