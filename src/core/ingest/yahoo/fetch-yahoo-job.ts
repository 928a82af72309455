import { refreshQuality } from '../../quality/refresh-quality.js';
import { FetchYahooParams, type YahooFetchSummary } from '../../../shared/contract/index.js';
import { JobCancelled, JobFailure, type JobContext } from '../../jobs/job-context.js';
import { ProgressMeter } from '../../jobs/progress-meter.js';
import { BarStore } from '../../store/bar-store.js';
import { writeCorporateActions } from '../../store/corporate-actions-repo.js';
import { upsertInstrument } from '../../store/instruments.js';
import { intervalMs } from '../../time/intervals.js';
import { chartEventsToActions } from './chart-events.js';
import { chartToBars, droppedTotal, splitAdjustments, type SplitAdjustment } from './chart-to-bars.js';
import { sessionsAlreadyStored } from './stored-sessions.js';
import { createYahooClient, type YahooChart, type YahooClient } from './yahoo-client.js';
import { YahooRequestError } from './yahoo-errors.js';
import { DEFAULT_YAHOO_URL } from './yahoo-url.js';
import { planYahooRequests, type YahooRequestPlan, type YahooRequestWindow } from './yahoo-windows.js';

/** The source name of Yahoo bars: a backup that never replaces another source's bar. */
export const YAHOO_SOURCE = 'yahoo';

interface Run {
  ctx: JobContext;
  params: FetchYahooParams;
  plan: YahooRequestPlan & { keep: NonNullable<YahooRequestPlan['keep']> };
  client: YahooClient;
  store: BarStore;
  summary: YahooFetchSummary;
  now: number;
  report(message: string): void;
}

/**
 * The `fetch-yahoo` job: chart bars for stocks and ETFs as a backup and gap filler.
 *
 * Per ticker: the requests of the window plan (yahoo-windows.ts), each turned into raw bars
 * (chart-to-bars.ts) and written in one transaction in keep-existing mode, so a bar already stored
 * (a Polygon flat-file bar, or an earlier fetch) is never replaced. Splits are always asked for,
 * because Yahoo's prices are split-adjusted and the raw prices are rebuilt from them; with
 * `events` (the default) splits and dividends are also stored as corporate actions. Daily fetches
 * get bars and events from one request; intraday fetches add one daily request for the events.
 *
 * A ticker Yahoo does not know (404), or whose answer does not parse, is an issue and a
 * `tickersFailed` entry; the job goes on. When every ticker fails (Yahoo unreachable, a wrong
 * yahooUrl) the job fails with the first reason. A re-run skips intraday windows whose sessions are
 * already complete in the store. Requests are throttled to about 2,000 an hour (yahoo-client.ts).
 */
export async function runFetchYahooJob(rawParams: unknown, ctx: JobContext): Promise<YahooFetchSummary> {
  const params = FetchYahooParams.parse(rawParams);
  const tickers = [...new Set(params.tickers)];
  const now = ctx.now();
  const plan = planYahooRequests({ interval: params.interval, from: params.from, to: params.to, now });
  const summary: YahooFetchSummary = {
    requests: 0,
    barsStored: 0,
    barsKeptFromBetterSource: 0,
    barsDropped: 0,
    splits: 0,
    dividends: 0,
    tickersFailed: [],
    notes: [...plan.notes],
  };
  const keep = plan.keep;
  if (!keep) return summary;

  const client = createYahooClient({
    baseUrl: params.endpoints.yahooUrl ?? DEFAULT_YAHOO_URL,
    signal: ctx.signal,
  });
  const eventRequests = params.interval === '1d' ? 0 : 1;
  const total = tickers.length * (plan.requests.length + eventRequests);
  const requestMeter = new ProgressMeter('requests', ctx.now);
  const barMeter = new ProgressMeter('bars', ctx.now);
  let done = 0;
  const report = (message: string) => {
    summary.requests = client.requestCount;
    const progress = requestMeter.update(done, total, message);
    const bars = barMeter.update(summary.barsStored, null);
    ctx.progress({ ...progress, detail: { bars: { done: summary.barsStored, rate: bars.rate } } });
  };
  const run: Run = {
    ctx,
    params,
    plan: { ...plan, keep },
    client,
    store: new BarStore(ctx.db),
    summary,
    now,
    report: (message) => {
      done++;
      report(message);
    },
  };
  report(`${tickers.length} tickers, ${total} requests planned`);

  let firstFailure = '';
  for (const ticker of tickers) {
    if (ctx.isCancelled()) throw new JobCancelled(summary);
    const before = done;
    try {
      await fetchTicker(run, ticker);
    } catch (error) {
      summary.requests = client.requestCount;
      if (ctx.signal.aborted) throw new JobCancelled(summary);
      if (!(error instanceof YahooRequestError)) throw error;
      summary.tickersFailed.push(ticker);
      firstFailure ||= error.message;
      ctx.issue({ subject: `${ticker} (Yahoo ${params.interval})`, message: error.message });
    }
    // Requests a failed or resumed ticker did not make still count as handled.
    done = before + plan.requests.length + eventRequests;
    report(`${ticker} done`);
  }
  summary.requests = client.requestCount;
  if (summary.tickersFailed.length === tickers.length) {
    // Nothing was fetched at all: a failed job, not a done one.
    throw new JobFailure(`every ticker failed (${tickers.length}); the first: ${firstFailure}`);
  }
  if (summary.barsStored > 0) refreshQuality(ctx, params.interval);
  return summary;
}

async function fetchTicker(run: Run, ticker: string): Promise<void> {
  const { ctx, params, plan, store, now } = run;
  const instrumentId = upsertInstrument(
    ctx.db,
    { symbol: ticker, venue: 'us', market: 'stock', base: ticker, quote: 'USD' },
    now,
  );
  const events: Array<'div' | 'split'> = params.events ? ['div', 'split'] : ['split'];
  const daily = params.interval === '1d';

  if (daily) {
    // One request from `from` up to now: the bars to keep and every split and dividend since.
    const [window] = plan.requests;
    const chart = await run.client.chart(ticker, { ...window, interval: plan.yahooInterval, events });
    const splits = splitAdjustments(eventsWithin(chart, window).splits);
    storeEvents(run, ticker, chart, splits, window);
    storeBars(run, ticker, instrumentId, chart, splits, plan.keep);
    run.report(`${ticker} 1d`);
    return;
  }

  const stepMs = intervalMs(params.interval);
  const pending = plan.requests.filter(
    (w) => !sessionsAlreadyStored(store, { instrumentId, interval: params.interval, stepMs }, w, now),
  );
  if (pending.length < plan.requests.length) {
    run.summary.notes.push(
      `${ticker} ${params.interval}: ${plan.requests.length - pending.length} of ${plan.requests.length} ` +
        'requests skipped, their sessions are complete in the store already',
    );
  }
  if (!pending.length) return;
  // Splits from the first bar up to now, to rebuild raw prices (and the events to store).
  const eventWindow = { period1: plan.keep.from, period2: now };
  const eventChart = await run.client.chart(ticker, { ...eventWindow, interval: '1d', events });
  const splits = splitAdjustments(eventsWithin(eventChart, eventWindow).splits);
  storeEvents(run, ticker, eventChart, splits, eventWindow);
  run.report(`${ticker} splits and dividends`);

  for (const window of pending) {
    if (ctx.isCancelled()) throw new JobCancelled(run.summary);
    const chart = await run.client.chart(ticker, { ...window, interval: plan.yahooInterval, events: [] });
    const keep = {
      from: Math.max(window.period1, plan.keep.from),
      to: Math.min(window.period2, plan.keep.to),
    };
    storeBars(run, ticker, instrumentId, chart, splits, keep);
    run.report(`${ticker} ${params.interval} ${describeWindow(window)}`);
  }
}

/** The chart with only the events inside the asked window (a replay or mirror may send more). */
function eventsWithin(chart: YahooChart, window: YahooRequestWindow): YahooChart {
  const inside = (t: number) => t >= window.period1 && t < window.period2;
  return {
    ...chart,
    splits: chart.splits.filter((s) => inside(s.time)),
    dividends: chart.dividends.filter((d) => inside(d.time)),
  };
}

function storeEvents(
  run: Run,
  ticker: string,
  chart: YahooChart,
  splits: SplitAdjustment[],
  window: YahooRequestWindow,
): void {
  const actions = chartEventsToActions(ticker, chart, splits, { from: window.period1, to: window.period2 });
  const stored = run.params.events ? actions : [];
  if (stored.length) writeCorporateActions(run.ctx.db, stored, run.now);
  run.summary.splits += stored.filter((a) => a.kind === 'split').length;
  run.summary.dividends += stored.filter((a) => a.kind === 'dividend').length;
}

function storeBars(
  run: Run,
  ticker: string,
  instrumentId: number,
  chart: YahooChart,
  splits: SplitAdjustment[],
  keep: { from: number; to: number },
): void {
  const { summary, params } = run;
  const { columns, dropped } = chartToBars({ chart, interval: params.interval, keep, now: run.now, splits });
  summary.barsDropped += droppedTotal(dropped);
  if (chart.times.length === 0) {
    summary.notes.push(
      `${ticker} ${params.interval} ${describeWindow({ period1: keep.from, period2: keep.to })}: ` +
        'Yahoo sent no bars (a weekend or holiday, or nothing traded)',
    );
  }
  const n = columns.time.length;
  if (!n) return;
  const stored = run.ctx.db.transaction(() =>
    run.store.writeBars({
      instrumentId,
      interval: params.interval,
      source: YAHOO_SOURCE,
      rawFileId: null,
      columns,
      onConflict: 'keep-existing',
    }),
  )();
  summary.barsStored += stored;
  summary.barsKeptFromBetterSource += n - stored;
  if (stored) run.ctx.coverageChanged();
}

function describeWindow(window: YahooRequestWindow): string {
  const day = (t: number) => new Date(t).toISOString().slice(0, 16).replace('T', ' ');
  return `${day(window.period1)}..${day(window.period2)} UTC`;
}
