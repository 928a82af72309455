import { FetchBinanceParams, type FetchSummary } from '../../../../shared/contract/index.js';
import { JobCancelled, type JobContext } from '../../../jobs/job-context.js';
import { resolveBinanceEndpoints } from '../../../settings/binance-endpoints.js';
import { importKlineFile } from '../import-kline-file.js';
import { transferArchives } from './transfer-archives.js';
import { coverageNotes, endedEarly } from './coverage-notes.js';
import { listAndPlan } from './list-and-plan.js';
import { emptyFetchSummary } from './fetch-summary.js';
import { dayRanges, type PlannedArchive } from './plan-archives.js';
import { fillKlinesAfterArchives } from './rest-fill-step.js';
import { refreshQuality } from '../../../quality/refresh-quality.js';

const DAY = 86_400_000;

/**
 * The `fetch-binance` job: discovers each symbol's kline archives from the bucket listing, fetches
 * monthly archives for complete months and daily ones for the rest (verified against their
 * CHECKSUM, resumable, cached in the data dir), stores their bars, fills from the last archived
 * bar up to the requested end over REST, and refreshes the quality reports of what it touched.
 * Every file ends with a named outcome; a re-run fetches only what is still missing or changed.
 */
export async function runFetchBinanceJob(rawParams: unknown, ctx: JobContext): Promise<FetchSummary> {
  const params = FetchBinanceParams.parse(rawParams);
  const endpoints = resolveBinanceEndpoints(ctx.db, process.env, params.endpoints);
  const summary = emptyFetchSummary();
  const today = new Date(ctx.now()).toISOString().slice(0, 10);
  const what = `${params.market === 'spot' ? 'spot' : 'USD-M futures'} ${params.interval} klines`;
  // Retries are counted and shown on whatever progress line is current (listing, then transfers).
  let status: (message: string) => void = () => {};
  const onRetry = (info: { url: string; attempt: number; reason: string }) => {
    summary.retries++;
    status(`retrying ${info.url} (attempt ${info.attempt}): ${info.reason}`);
  };

  const archives: PlannedArchive[] = [];
  const liveSymbols: string[] = [];
  for (const [index, symbol] of params.symbols.entries()) {
    if (ctx.isCancelled()) throw new JobCancelled(summary);
    const listing = (message: string) =>
      ctx.progress({
        done: index,
        total: params.symbols.length,
        unit: 'symbols',
        rate: null,
        etaSeconds: null,
        message,
      });
    status = listing;
    listing(`listing ${symbol} archives`);
    const plan = await listAndPlan(ctx, summary, {
      market: params.market,
      kind: 'klines',
      symbol,
      interval: params.interval,
      periods: ['monthly', 'daily'],
      subject: symbol,
      from: params.from,
      to: params.to,
      today,
      listUrl: endpoints.visionListUrl,
      transfer: params.transfer,
      onRetry,
    });
    if (!plan) continue;
    const facts = { symbol, what, from: params.from, to: params.to, today };
    for (const note of coverageNotes(plan, facts)) {
      summary.notes.push(note);
      if (!plan.firstPublished) ctx.issue({ subject: symbol, message: note });
    }
    if (plan.missingDays.length) {
      summary.filesAbsent += plan.missingDays.length;
      ctx.issue({
        subject: symbol,
        message: `skipped because absent: no archive published for ${dayRanges(plan.missingDays).join(', ')}`,
      });
    }
    archives.push(...plan.archives);
    // Renamed or delisted symbols have no REST data past their archives; a live one is filled to now.
    if (!endedEarly(plan, facts)) liveSymbols.push(symbol);
  }

  const progress = await transferArchives(ctx, summary, {
    archives,
    baseUrl: endpoints.visionUrl,
    concurrency: params.concurrency,
    transfer: params.transfer,
    onRetry: () => summary.retries++,
    ingest: (_archive, localPath) => {
      const result = importKlineFile(ctx.db, localPath, { market: params.market, now: ctx.now() });
      return result.status === 'ok' ? result.bars : 0;
    },
  });

  if (params.restFill && liveSymbols.length) {
    const toMs = Math.min(Date.parse(`${params.to}T00:00:00Z`) + DAY, ctx.now());
    await fillKlinesAfterArchives(ctx, summary, progress, {
      symbols: liveSymbols,
      market: params.market,
      interval: params.interval,
      fromMs: Date.parse(`${params.from}T00:00:00Z`),
      toMs,
      endpoints,
    });
  }
  if (summary.filesFailed)
    summary.notes.push(
      `${summary.filesFailed} archives could not be downloaded; run the same fetch again to resume them.`,
    );
  refreshQuality(ctx, params.interval);
  return summary;
}
