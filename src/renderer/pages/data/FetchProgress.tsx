import type { Job } from '../../../shared/contract/index.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import {
  formatBytes,
  formatDoneTotal,
  formatEta,
  formatInt,
  formatRate,
  progressFraction,
} from '../../lib/format.js';
import { showsTransfer } from '../../lib/summary-view.js';
import { formatBarsPerSecond, formatMegabytesPerSecond } from '../../lib/transfer-format.js';
import { ActiveFiles } from './ActiveFiles.js';

/**
 * A running fetch: files done of planned with rate and ETA, then the transfer itself (bytes and
 * MB/s, bars stored and bars/s) and the files in flight. Measures the job does not report yet
 * show a dash rather than disappear, so the layout stays put. Jobs that move no files or bars
 * (news, CoinGecko snapshots) show only the first line.
 */
export function FetchProgress({ job, testIdPrefix }: { job: Job; testIdPrefix: string }) {
  const progress = job.progress;
  const fraction = progressFraction(progress);
  const bytes = progress?.detail?.bytes;
  const bars = progress?.detail?.bars;
  const id = (name: string) => `${testIdPrefix}-${name}`;

  return (
    <div className="fetch-progress" data-testid={id('progress')} data-status={job.status}>
      <div className="fetch-progress__head">
        <span className="strong">{job.status === 'queued' ? 'Queued' : 'Fetching'}</span>
        <span className="muted">job #{job.id}</span>
        {progress?.message && (
          <span className="fetch-progress__message" data-field="message" title={progress.message}>
            {progress.message}
          </span>
        )}
      </div>
      <div className="fetch-progress__main">
        <ProgressBar fraction={fraction} label={`Job ${job.id} progress`} />
        <span
          className="num"
          data-field="done-total"
          data-done={progress?.done}
          data-total={progress?.total ?? ''}
        >
          {progress ? formatDoneTotal(progress) : job.status === 'queued' ? 'queued' : 'starting…'}
        </span>
        {fraction != null && <span className="num muted">{(fraction * 100).toFixed(0)}%</span>}
        <span className="num muted" data-field="rate" title="Rate">
          {progress ? formatRate(progress.rate, progress.unit) : '—'}
        </span>
        <span
          className="num muted"
          data-testid={id('eta')}
          data-value={progress?.etaSeconds ?? ''}
          title="Time left"
        >
          ETA {formatEta(progress?.etaSeconds)}
        </span>
      </div>
      {showsTransfer(job.kind) && (
        <>
          <dl className="fetch-progress__detail">
            <div className="stat">
              <dt>Downloaded</dt>
              <dd className="num" data-field="bytes" data-value={bytes?.done ?? ''}>
                {bytes
                  ? `${formatBytes(bytes.done)}${bytes.total != null ? ` / ${formatBytes(bytes.total)}` : ''}`
                  : '—'}
              </dd>
            </div>
            <div className="stat">
              <dt>Download rate</dt>
              <dd className="num" data-testid={id('bytes-rate')} data-value={bytes?.rate ?? ''}>
                {formatMegabytesPerSecond(bytes?.rate)}
              </dd>
            </div>
            <div className="stat">
              <dt>Bars stored</dt>
              <dd className="num" data-field="bars" data-value={bars?.done ?? ''}>
                {bars ? formatInt(bars.done) : '—'}
              </dd>
            </div>
            <div className="stat">
              <dt>Store rate</dt>
              <dd className="num" data-testid={id('bars-rate')} data-value={bars?.rate ?? ''}>
                {formatBarsPerSecond(bars?.rate)}
              </dd>
            </div>
          </dl>
          <ActiveFiles files={progress?.detail?.active ?? []} testIdPrefix={testIdPrefix} />
        </>
      )}
    </div>
  );
}
