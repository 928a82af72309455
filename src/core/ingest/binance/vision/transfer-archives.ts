import type { FetchSummary, TransferTuning } from '../../../../shared/contract/index.js';
import { JobCancelled, type JobContext } from '../../../jobs/job-context.js';
import { fetchArchives, type IngestArchive } from './archive-fetcher.js';
import { countOutcome } from './fetch-summary.js';
import type { PlannedArchive } from './plan-archives.js';
import { transferOptions } from './transfer-options.js';
import { TransferProgress } from '../../../jobs/transfer-progress.js';

export interface TransferRequest {
  archives: PlannedArchive[];
  baseUrl: string;
  concurrency: number;
  transfer: TransferTuning | undefined;
  ingest: IngestArchive;
  onRetry: (info: { url: string; attempt: number; reason: string; delayMs: number }) => void;
}

/**
 * The transfer phase every Data Vision job shares: fetch the planned archives in parallel, count
 * each outcome into the summary and the job's issues, and show files, MB/s, bars/s and ETA.
 * Returns the progress line so later phases (REST) keep writing to it. A cancel ends in JobCancelled.
 */
export async function transferArchives(
  ctx: JobContext,
  summary: FetchSummary,
  request: TransferRequest,
): Promise<TransferProgress> {
  const { archives } = request;
  summary.filesPlanned = archives.length;
  const bytesTotal = archives.reduce((sum, a) => sum + (a.remote.size || 0), 0);
  const progress = new TransferProgress(archives.length, bytesTotal || null, ctx.now, ctx.progress);
  progress.message(archives.length ? `fetching ${archives.length} archives` : 'no archives to fetch');
  try {
    await fetchArchives({
      db: ctx.db,
      dataDir: ctx.dataDir,
      baseUrl: request.baseUrl,
      archives,
      concurrency: request.concurrency,
      signal: ctx.signal,
      now: ctx.now,
      ingest: request.ingest,
      onBytes: (key, received, size) => {
        summary.bytesDownloaded += received;
        progress.bytes(key, received, size);
      },
      onRetry: (info) => {
        request.onRetry(info);
        progress.message(`retrying ${info.url} (attempt ${info.attempt}): ${info.reason}`);
      },
      ...transferOptions(request.transfer),
      onOutcome: (outcome) => {
        const issue = countOutcome(summary, outcome);
        if (issue) ctx.issue(issue);
        if (outcome.kind === 'ingested') ctx.coverageChanged();
        const name = outcome.archive.key.slice(outcome.archive.key.lastIndexOf('/') + 1);
        progress.fileDone(
          outcome.archive.key,
          outcome.kind === 'ingested' ? outcome.rows : 0,
          `${outcome.kind}: ${name}`,
        );
      },
    });
  } catch (err) {
    if (ctx.signal.aborted || ctx.isCancelled()) throw new JobCancelled(summary);
    throw err;
  }
  return progress;
}
