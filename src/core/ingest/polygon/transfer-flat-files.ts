import type { PolygonFetchSummary } from '../../../shared/contract/index.js';
import type { JobContext } from '../../jobs/job-context.js';
import { TransferProgress } from '../../jobs/transfer-progress.js';
import { barTimeRule } from './bar-times.js';
import type { FlatFileBucket } from './flat-file-bucket.js';
import { DATASET_INTERVAL } from './flat-file-keys.js';
import { FlatFileRejected } from './flat-file-rejected.js';
import type { PlannedFlatFile } from './plan-flat-files.js';
import { accessErrorFor } from './polygon-access-error.js';
import { readAggsFile, type AggsFileContent } from './read-aggs-file.js';
import { classifyS3Error, TransientS3Error } from './s3-errors.js';
import { storeFlatFile } from './store-flat-file.js';
import { withRetries, type RetryPolicy } from './with-retries.js';

export type FlatFileRead = Extract<PlannedFlatFile, { kind: 'read' }>;

export interface TransferRequest {
  bucket: FlatFileBucket;
  where: { endpoint: string; bucket: string };
  files: FlatFileRead[];
  concurrency: number;
  extendedHours: boolean;
  /** Retry policy; its signal is the job's. */
  policy: RetryPolicy;
  /** Requested tickers seen in a file this run (filled in). */
  tickersFound: Set<string>;
}

export interface TransferTotals {
  /** Minute bars of requested tickers left out because they fall outside the kept session. */
  barsOutsideSession: number;
}

/**
 * Downloads and ingests the planned files, `concurrency` at a time, each streamed and parsed as
 * it arrives and stored in one transaction once the whole file parsed. Every file ends in the
 * summary as downloaded, rejected (issue with key and line), absent or failed (issue; a re-run
 * retries it). Refused credentials or a missing bucket stop every transfer and are thrown; so is
 * the cancel (the caller turns it into JobCancelled).
 */
export async function transferFlatFiles(
  ctx: JobContext,
  summary: PolygonFetchSummary,
  request: TransferRequest,
): Promise<TransferTotals> {
  const { files } = request;
  const totals: TransferTotals = { barsOutsideSession: 0 };
  const bytesTotal = files.reduce((sum, f) => sum + f.remote.size, 0);
  const progress = new TransferProgress(files.length, bytesTotal || null, ctx.now, ctx.progress);
  progress.message(files.length ? `fetching ${files.length} flat files` : 'every flat file is up to date');

  // A fatal answer (refused keys) in one transfer stops the others at once.
  const stop = new AbortController();
  const signal = AbortSignal.any([request.policy.signal, stop.signal]);
  const policy: RetryPolicy = {
    ...request.policy,
    signal,
    onRetry: (info) => {
      request.policy.onRetry(info);
      progress.message(`retrying ${info.what} (attempt ${info.attempt}): ${info.reason}`);
    },
  };
  let fatal: Error | null = null;

  const transferOne = async (file: FlatFileRead): Promise<void> => {
    const name = file.key.slice(file.key.lastIndexOf('/') + 1);
    let result: { content: AggsFileContent; etag: string | null; size: number };
    try {
      result = await withRetries(`GET ${file.key}`, policy, () => downloadAndParse(file));
    } catch (err) {
      if (signal.aborted) throw err;
      if (err instanceof FlatFileRejected) {
        summary.filesRejected++;
        ctx.issue({
          subject: file.key,
          ...(err.line === undefined ? {} : { line: err.line }),
          message: `rejected, nothing stored from this file: ${err.message}`,
        });
        progress.fileDone(file.key, 0, `rejected: ${name}`);
        return;
      }
      const failure = classifyS3Error(err);
      const accessError = accessErrorFor(failure, { ...request.where, key: file.key, listed: true });
      if (accessError) throw accessError;
      if (failure.kind === 'no-key') {
        summary.filesAbsent++;
        summary.notes.push(
          `${file.key} was listed but gone when downloaded; fetch again to pick up its replacement.`,
        );
        progress.fileDone(file.key, 0, `absent: ${name}`);
        return;
      }
      summary.filesFailed++;
      const attempts = failure.kind === 'transient' ? ` after ${policy.maxAttempts} attempts` : '';
      ctx.issue({
        subject: file.key,
        message: `could not be downloaded${attempts} (${failure.detail}); run the same fetch again to retry it`,
      });
      progress.fileDone(file.key, 0, `failed: ${name}`);
      return;
    }

    const stored = storeFlatFile(ctx.db, DATASET_INTERVAL[file.dataset], result.content.bars, {
      key: file.key,
      dataset: file.dataset,
      day: file.date,
      etag: result.etag,
      size: result.size,
      tickers: file.recordTickers,
      ingestedAt: ctx.now(),
      previousBars: file.previousBars,
    });
    summary.filesDownloaded++;
    summary.barsStored += stored;
    for (const ticker of result.content.tickersFound) request.tickersFound.add(ticker);
    totals.barsOutsideSession += result.content.barsOutsideSession;
    if (stored > 0) ctx.coverageChanged();
    progress.fileDone(file.key, stored, `${file.why === 'new' ? 'stored' : 're-read'}: ${name}`);
  };

  /** One attempt: GET, then gunzip and parse while the body streams in. */
  const downloadAndParse = async (file: FlatFileRead) => {
    const opened = await request.bucket.open(file.key, signal);
    let received = 0;
    try {
      const content = await readAggsFile(opened.body, {
        tickers: new Set(file.tickers),
        barTime: barTimeRule(file.dataset, file.date, request.extendedHours),
        onBytes: (bytes) => {
          received += bytes;
          summary.bytesDownloaded += bytes;
          progress.bytes(file.key, bytes, opened.size);
        },
      });
      if (opened.size !== null && received < opened.size) throw cutShort(received, opened.size);
      return { content, etag: opened.etag ?? file.remote.etag, size: opened.size ?? file.remote.size };
    } catch (err) {
      opened.body.destroy();
      // A gzip stream that ends early because the connection did is a transfer fault, not a bad file.
      if (err instanceof FlatFileRejected && opened.size !== null && received < opened.size)
        throw cutShort(received, opened.size);
      throw err;
    }
  };

  let next = 0;
  const worker = async () => {
    while (next < files.length && !signal.aborted) {
      const file = files[next++];
      try {
        await transferOne(file);
      } catch (err) {
        fatal ??= err as Error;
        stop.abort();
        return;
      }
    }
  };
  const workers = Math.max(1, Math.min(request.concurrency, files.length));
  await Promise.all(Array.from({ length: workers }, worker));
  if (request.policy.signal.aborted) throw request.policy.signal.reason ?? new Error('cancelled');
  if (fatal) throw fatal;
  return totals;
}

function cutShort(received: number, size: number): TransientS3Error {
  return new TransientS3Error(`the connection ended after ${received} of ${size} bytes`);
}
