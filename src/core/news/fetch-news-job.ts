import { FetchNewsParams, type NewsFetchSummary } from '../../shared/contract/index.js';
import { createYahooClient } from '../ingest/yahoo/yahoo-client.js';
import { JobCancelled, JobFailure, type JobContext } from '../jobs/job-context.js';
import { ProgressMeter } from '../jobs/progress-meter.js';
import { settingDefaults } from '../settings/settings-repo.js';
import { storeHeadlines, type NewHeadline } from '../store/news-repo.js';
import { toStoredHeadline, type SkipReason } from './yahoo-headline.js';

/**
 * The `fetch-news` job: one Yahoo search per ticker for its newest `perTicker` headlines, each
 * scored with the finance lexicon and stored once as first seen (one transaction per ticker).
 * Yahoo keeps no news history to page through, so there is nothing to resume: a re-run stores only
 * headlines it had not seen (headlinesSeen counts all, headlinesStored the new ones). A ticker
 * whose search fails is reported as an issue and the others go on; when every ticker fails the
 * job fails with the first reason.
 */
export async function runFetchNewsJob(rawParams: unknown, ctx: JobContext): Promise<NewsFetchSummary> {
  const params = FetchNewsParams.parse(rawParams);
  const tickers = [...new Set(params.tickers)];
  const client = createYahooClient({
    // The lab resolves the setting when it submits the job; the default covers a job submitted without it.
    baseUrl: params.endpoints.yahooUrl ?? settingDefaults.yahooUrl,
    signal: ctx.signal,
  });
  const summary: NewsFetchSummary = {
    requests: 0,
    headlinesStored: 0,
    headlinesSeen: 0,
    tickersFailed: [],
    notes: [],
  };
  const skipped = new Map<SkipReason, number>();
  let firstFailure: string | null = null;
  const meter = new ProgressMeter('tickers', ctx.now);
  ctx.progress(meter.update(0, tickers.length, `searching news for ${tickers[0]}`));

  for (const [done, ticker] of tickers.entries()) {
    if (ctx.isCancelled()) throw cancelled(summary, client.requestCount, skipped);
    let message: string;
    try {
      const { news } = await client.search(ticker, { newsCount: params.perTicker });
      const headlines: NewHeadline[] = [];
      for (const item of news) {
        const headline = toStoredHeadline(item, ticker);
        if (typeof headline === 'string') skipped.set(headline, (skipped.get(headline) ?? 0) + 1);
        else headlines.push(headline);
      }
      const { stored } = storeHeadlines(ctx.db, headlines, ctx.now());
      summary.headlinesSeen += headlines.length;
      summary.headlinesStored += stored;
      message = `${ticker}: ${headlines.length} headlines, ${stored} new`;
    } catch (error) {
      if (ctx.signal.aborted || ctx.isCancelled()) throw cancelled(summary, client.requestCount, skipped);
      const reason = error instanceof Error ? error.message : String(error);
      ctx.issue({ subject: ticker, message: reason });
      firstFailure ??= reason;
      summary.tickersFailed.push(ticker);
      message = `${ticker}: failed`;
    }
    summary.requests = client.requestCount;
    ctx.progress(meter.update(done + 1, tickers.length, message));
    await ctx.yieldToHost();
  }
  if (summary.tickersFailed.length === tickers.length)
    // Nothing was fetched at all (Yahoo unreachable, a wrong yahooUrl): a failed job, not a done one.
    throw new JobFailure(`every ticker failed (${tickers.length}); the first: ${firstFailure}`);
  return finish(summary, client.requestCount, skipped);
}

function finish(
  summary: NewsFetchSummary,
  requests: number,
  skipped: Map<SkipReason, number>,
): NewsFetchSummary {
  summary.requests = requests;
  for (const [reason, count] of skipped)
    summary.notes.push(
      `${count} headline(s) skipped: ${reason} (cannot be stored as a point-in-time record).`,
    );
  return summary;
}

function cancelled(summary: NewsFetchSummary, requests: number, skipped: Map<SkipReason, number>) {
  return new JobCancelled(finish(summary, requests, skipped));
}
