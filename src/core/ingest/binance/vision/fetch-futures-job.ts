import {
  FetchBinanceFuturesParams,
  type FetchSummary,
  type FuturesDataKind,
} from '../../../../shared/contract/index.js';
import { JobCancelled, type JobContext } from '../../../jobs/job-context.js';
import {
  resolveBinanceEndpoints,
  type ResolvedBinanceEndpoints,
} from '../../../settings/binance-endpoints.js';
import { createBinanceRest } from '../rest/binance-client.js';
import {
  fetchFundingHistory,
  fetchOpenInterestHistory,
  fetchOpenInterestNow,
  fetchPremiumIndexNow,
} from '../rest/futures-rest.js';
import { transferArchives } from './transfer-archives.js';
import { coverageNotes } from './coverage-notes.js';
import { listAndPlan } from './list-and-plan.js';
import { emptyFetchSummary } from './fetch-summary.js';
import { ingestFundingArchive, ingestMetricsArchive } from './ingest-futures-archive.js';
import { dayRanges, type PlannedArchive } from './plan-archives.js';
import type { TransferProgress } from '../../../jobs/transfer-progress.js';

const DAY = 86_400_000;

interface TaggedArchive extends PlannedArchive {
  symbol: string;
  kind: 'fundingRate' | 'metrics';
}

/**
 * The `fetch-binance-futures` job: USD-M funding rates (monthly Data Vision archives, then REST
 * from the last stored funding time), daily `metrics` archives (5-minute open interest and
 * long/short ratios), open interest over REST (history and now) and the premium index (mark price).
 */
export async function runFetchBinanceFuturesJob(rawParams: unknown, ctx: JobContext): Promise<FetchSummary> {
  const params = FetchBinanceFuturesParams.parse(rawParams);
  const endpoints = resolveBinanceEndpoints(ctx.db, process.env, params.endpoints);
  const summary = emptyFetchSummary();
  const today = new Date(ctx.now()).toISOString().slice(0, 10);
  const wants = new Set<FuturesDataKind>(params.what);
  let status: (message: string) => void = () => {};
  const onRetry = (info: { url: string; attempt: number; reason: string }) => {
    summary.retries++;
    status(`retrying ${info.url} (attempt ${info.attempt}): ${info.reason}`);
  };

  const archives: TaggedArchive[] = [];
  const kinds = [
    ...(wants.has('funding') ? (['fundingRate'] as const) : []),
    ...(wants.has('metrics') ? (['metrics'] as const) : []),
  ];
  for (const [index, symbol] of params.symbols.entries()) {
    for (const kind of kinds) {
      if (ctx.isCancelled()) throw new JobCancelled(summary);
      status = (message) =>
        ctx.progress({
          done: index,
          total: params.symbols.length,
          unit: 'symbols',
          rate: null,
          etaSeconds: null,
          message,
        });
      status(`listing ${symbol} ${kind} archives`);
      const periods = kind === 'fundingRate' ? (['monthly'] as const) : (['daily'] as const);
      const plan = await listAndPlan(ctx, summary, {
        market: 'um',
        kind,
        symbol,
        periods,
        subject: `${symbol} ${kind}`,
        from: params.from,
        to: params.to,
        today,
        listUrl: endpoints.visionListUrl,
        transfer: params.transfer,
        onRetry,
      });
      if (!plan) continue;
      // Funding for the current month has no archive yet; REST covers it, so it is not a hole.
      const missing =
        kind === 'fundingRate'
          ? plan.missingDays.filter((d) => d.slice(0, 7) < today.slice(0, 7))
          : plan.missingDays;
      for (const note of coverageNotes(plan, {
        symbol,
        what: `USD-M ${kind}`,
        from: params.from,
        to: params.to,
        today,
      }))
        summary.notes.push(note);
      if (missing.length) {
        summary.filesAbsent +=
          kind === 'fundingRate' ? new Set(missing.map((d) => d.slice(0, 7))).size : missing.length;
        ctx.issue({
          subject: `${symbol} ${kind}`,
          message: `skipped because absent: no archive published for ${dayRanges(missing).join(', ')}`,
        });
      }
      archives.push(...plan.archives.map((a) => ({ ...a, symbol, kind })));
    }
  }

  const progress = await transferArchives(ctx, summary, {
    archives,
    baseUrl: endpoints.visionUrl,
    concurrency: params.concurrency,
    transfer: params.transfer,
    onRetry: () => summary.retries++,
    ingest: (archive, localPath) => {
      const { symbol, kind } = archive as TaggedArchive;
      return kind === 'fundingRate'
        ? ingestFundingArchive(ctx.db, localPath, symbol, ctx.now())
        : ingestMetricsArchive(ctx.db, localPath, symbol, ctx.now());
    },
  });

  const restKinds = params.what.filter((k) => k === 'funding' || k === 'oi' || k === 'premium');
  if (restKinds.length) await fetchFuturesRest(ctx, summary, progress, params, endpoints, new Set(restKinds));
  if (summary.filesFailed)
    summary.notes.push(
      `${summary.filesFailed} archives could not be downloaded; run the same fetch again to resume them.`,
    );
  return summary;
}

async function fetchFuturesRest(
  ctx: JobContext,
  summary: FetchSummary,
  progress: TransferProgress,
  params: FetchBinanceFuturesParams,
  endpoints: ResolvedBinanceEndpoints,
  kinds: Set<FuturesDataKind>,
): Promise<void> {
  const client = createBinanceRest({
    restUrl: endpoints.restUrl,
    restFuturesUrl: endpoints.restFuturesUrl,
    signal: ctx.signal,
    onWait: (info) => progress.message(`REST: waiting ${Math.ceil(info.delayMs / 1000)} s (${info.reason})`),
  });
  const fromMs = Date.parse(`${params.from}T00:00:00Z`);
  const toMs = Math.min(Date.parse(`${params.to}T00:00:00Z`) + DAY, ctx.now());
  for (const symbol of params.symbols) {
    const steps: [string, () => Promise<{ rows: number; notes: string[] }>][] = [];
    const now = ctx.now();
    if (kinds.has('funding'))
      steps.push([
        'funding history',
        () => fetchFundingHistory(ctx.db, client, { symbol, fromMs, toMs, now }),
      ]);
    if (kinds.has('oi')) {
      steps.push([
        'open interest history',
        () => fetchOpenInterestHistory(ctx.db, client, { symbol, period: '4h', fromMs, toMs, now }),
      ]);
      steps.push(['open interest now', () => fetchOpenInterestNow(ctx.db, client, { symbol, now })]);
    }
    if (kinds.has('premium'))
      steps.push(['premium index', () => fetchPremiumIndexNow(ctx.db, client, { symbol, now })]);
    for (const [label, step] of steps) {
      if (ctx.isCancelled()) throw new JobCancelled(summary);
      progress.message(`REST: ${symbol} ${label}`);
      try {
        const result = await step();
        summary.restRows += result.rows;
        summary.notes.push(...result.notes);
      } catch (err) {
        if (ctx.signal.aborted) throw new JobCancelled(summary);
        ctx.issue({ subject: `${symbol} ${label} (REST)`, message: (err as Error).message });
      }
    }
  }
}
