import {
  FetchPolygonParams,
  type PolygonDataset,
  type PolygonFetchSummary,
} from '../../../shared/contract/index.js';
import { newYorkDate } from '../../calendar/nyse-calendar.js';
import { JobCancelled, type JobContext } from '../../jobs/job-context.js';
import { refreshQuality } from '../../quality/refresh-quality.js';
import { readSettings } from '../../settings/settings-repo.js';
import { openFlatFileBucket, type FlatFileBucket, type RemoteFlatFile } from './flat-file-bucket.js';
import { DATASET_INTERVAL, monthPrefixes, weekdaysBetween } from './flat-file-keys.js';
import { findFlatFileRecord } from './flat-file-records.js';
import { listFlatFiles } from './list-flat-files.js';
import { planFlatFiles, type PlannedFlatFile } from './plan-flat-files.js';
import { accessErrorFor, flatFileCredentials } from './polygon-access-error.js';
import { absentNotes, emptyPolygonSummary } from './polygon-summary.js';
import { classifyS3Error } from './s3-errors.js';
import { tickersWithFlatFileBars } from './tickers-with-bars.js';
import { transferFlatFiles } from './transfer-flat-files.js';
import type { RetryPolicy } from './with-retries.js';

const DEFAULT_MAX_ATTEMPTS = 6;
const DEFAULT_RETRY_BASE_MS = 500;

/**
 * The `fetch-polygon` job: US stock minute and day aggregates from the Polygon / Massive flat-file
 * bucket. Lists the range's month folders, plans each weekday's file (absent, up to date, or to
 * read for some tickers), then streams the files in parallel, keeping only the requested tickers,
 * and stores each file's bars in one transaction. Incremental through the `flat_files` records;
 * refused credentials end the job at once with one sentence naming the settings. Unlike Binance
 * archives, day files are not kept in the raw cache: each holds every US ticker (~50 MB a day, of
 * which the lab keeps a few dozen tickers), so re-reading one for a new ticker is cheaper than
 * storing ~12 GB a year.
 */
export async function runFetchPolygonJob(rawParams: unknown, ctx: JobContext): Promise<PolygonFetchSummary> {
  const params = FetchPolygonParams.parse(rawParams);
  const credentials = flatFileCredentials(ctx.secrets);
  const settings = params.s3.endpoint && params.s3.bucket ? null : readSettings(ctx.db, process.env);
  const where = {
    endpoint: params.s3.endpoint ?? settings!.polygonS3Endpoint.value,
    bucket: params.s3.bucket ?? settings!.polygonS3Bucket.value,
  };
  const summary = emptyPolygonSummary();
  const policy: RetryPolicy = {
    maxAttempts: params.transfer.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    baseMs: params.transfer.retryBaseMs ?? DEFAULT_RETRY_BASE_MS,
    signal: ctx.signal,
    onRetry: () => summary.retries++,
  };
  const bucket = await openFlatFileBucket({
    ...where,
    ...credentials,
    ...(params.transfer.stallTimeoutMs ? { stallTimeoutMs: params.transfer.stallTimeoutMs } : {}),
  });
  try {
    const plan = await listAndPlan(ctx, summary, bucket, params, policy, where);
    const absent = plan.filter((f) => f.kind === 'absent');
    summary.filesAbsent += absent.length;
    summary.notes.push(...absentNotes(absent));
    summary.filesUpToDate = plan.filter((f) => f.kind === 'up-to-date').length;

    const tickersFound = new Set<string>();
    const totals = await transferFlatFiles(ctx, summary, {
      bucket,
      where,
      files: plan.filter((f) => f.kind === 'read'),
      concurrency: params.concurrency,
      extendedHours: params.extendedHours,
      policy,
      tickersFound,
    });

    const storedBefore = tickersWithFlatFileBars(
      ctx.db,
      params.tickers.filter((t) => !tickersFound.has(t)),
      params,
      params.datasets.map((d) => DATASET_INTERVAL[d]),
    );
    summary.tickersNotFound = params.tickers.filter((t) => !tickersFound.has(t) && !storedBefore.has(t));
    if (totals.barsOutsideSession > 0) {
      summary.notes.push(
        `${totals.barsOutsideSession} pre- and after-market minute bars were left out: only the regular session is kept unless extended hours are asked for.`,
      );
    }
    // Like a Binance fetch, refresh the reports so the Data page shows session-aware quality at once.
    if (summary.barsStored > 0)
      for (const dataset of params.datasets) refreshQuality(ctx, DATASET_INTERVAL[dataset]);
    if (summary.filesFailed > 0) {
      summary.notes.push(
        `${summary.filesFailed} ${summary.filesFailed === 1 ? 'file' : 'files'} could not be downloaded; run the same fetch again to retry ${summary.filesFailed === 1 ? 'it' : 'them'}.`,
      );
    }
    return summary;
  } catch (err) {
    if (ctx.signal.aborted || ctx.isCancelled()) throw new JobCancelled(summary);
    throw err;
  } finally {
    bucket.close();
  }
}

/**
 * Lists every month folder of the range per dataset (paged, retried) and plans each weekday. A
 * month that cannot be listed after the retries becomes an issue, its days count as failed, and
 * the other months go on; refused credentials or a missing bucket end the job.
 */
async function listAndPlan(
  ctx: JobContext,
  summary: PolygonFetchSummary,
  bucket: FlatFileBucket,
  params: FetchPolygonParams,
  policy: RetryPolicy,
  where: { endpoint: string; bucket: string },
): Promise<PlannedFlatFile[]> {
  const today = newYorkDate(ctx.now());
  // Days after today can have no file yet: they are not planned (nor their months listed).
  const to = params.to > today ? today : params.to;
  if (to !== params.to) {
    summary.notes.push(
      `Days after today (${today}, New York) are not planned: a day's file appears the day after its session.`,
    );
  }
  const dates = params.from <= to ? weekdaysBetween(params.from, to) : [];
  const datasets = [...new Set(params.datasets)] as PolygonDataset[];
  const prefixes = datasets.flatMap((dataset) =>
    dates.length ? monthPrefixes(dataset, params.from, to).map((prefix) => ({ dataset, prefix })) : [],
  );
  summary.filesPlanned = dates.length * datasets.length;

  const listing = new Map<string, RemoteFlatFile>();
  const unlisted = new Set<string>();
  for (const [index, { prefix }] of prefixes.entries()) {
    if (ctx.isCancelled()) throw new JobCancelled(summary);
    ctx.progress({
      done: index,
      total: prefixes.length,
      unit: 'listings',
      rate: null,
      etaSeconds: null,
      message: `listing ${prefix}`,
    });
    try {
      for (const file of await listFlatFiles(bucket, prefix, policy)) listing.set(file.key, file);
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      const failure = classifyS3Error(err);
      const accessError = accessErrorFor(failure, { ...where, listed: false });
      if (accessError) throw accessError;
      unlisted.add(prefix);
      ctx.issue({
        subject: prefix,
        message: `could not be listed (${failure.detail}); its days count as failed: run the same fetch again to retry them`,
      });
    }
  }

  const plan: PlannedFlatFile[] = [];
  for (const dataset of datasets) {
    const listed = dates.filter((date) => {
      const inUnlisted = unlisted.has(monthPrefixes(dataset, date, date)[0]);
      if (inUnlisted) summary.filesFailed++;
      return !inUnlisted;
    });
    plan.push(
      ...planFlatFiles({
        dataset,
        dates: listed,
        listing,
        recordOf: (key) => findFlatFileRecord(ctx.db, key),
        tickers: params.tickers,
        extendedHours: params.extendedHours,
        today,
      }),
    );
  }
  return plan;
}
