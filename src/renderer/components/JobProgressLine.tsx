import type { Job } from '../../shared/contract/index.js';
import { formatDoneTotal, formatEta, formatRate, progressFraction } from '../lib/format.js';
import { ProgressBar } from './ProgressBar.js';

/** Bar, done/total, rate and ETA of one job; the same in the status bar and the import panel. */
export function JobProgressLine({ job, showMessage = false }: { job: Job; showMessage?: boolean }) {
  const progress = job.progress;
  const fraction = progressFraction(progress);
  return (
    <div className="job-progress">
      <ProgressBar fraction={fraction} label={`Job ${job.id} progress`} />
      <span className="job-progress__count num" data-field="done-total">
        {progress ? formatDoneTotal(progress) : job.status === 'queued' ? 'queued' : 'starting…'}
      </span>
      {fraction != null && <span className="job-progress__pct num">{(fraction * 100).toFixed(0)}%</span>}
      <span className="job-progress__rate num" data-field="rate" title="Rate">
        {progress ? formatRate(progress.rate, progress.unit) : '—'}
      </span>
      <span className="job-progress__eta num" data-field="eta" title="Time left">
        ETA {formatEta(progress?.etaSeconds)}
      </span>
      {showMessage && progress?.message && (
        <span className="job-progress__message" data-field="message" title={progress.message}>
          {progress.message}
        </span>
      )}
    </div>
  );
}
