import YahooFinance from 'yahoo-finance2';
import type { Logger } from '../../platform/logger.js';
import { createRequestThrottle, DEFAULT_BURST, DEFAULT_REFILL_MS } from './request-throttle.js';
import { YahooRequestError, describeYahooFailure, YahooHttpError } from './yahoo-errors.js';
import { rewriteYahooUrl } from './yahoo-url.js';

/** Our logger plus an optional debug level (the library's chatter goes there, never to the console). */
export type YahooLogger = Logger & { debug?(message: string, fields?: Record<string, unknown>): void };

export interface YahooClientOptions {
  /** The lab's yahooUrl setting: a mirror or replay, or the real https://query2.finance.yahoo.com. */
  baseUrl: string;
  /** Aborts waiting and in-flight requests (job cancel). */
  signal?: AbortSignal;
  logger?: YahooLogger;
  /** Milliseconds per request once the burst is spent (default 1,800: 2,000 an hour); 0: no throttle. */
  minIntervalMs?: number;
  /** Requests allowed back to back before the rate applies (default 60). */
  burst?: number;
  /** The HTTP fetch underneath (default: the global fetch). */
  fetch?: typeof fetch;
}

/** Yahoo's own interval names (it calls an hour "60m"). */
export type YahooChartInterval = '1m' | '5m' | '15m' | '30m' | '60m' | '1d';

export interface YahooChartQuery {
  /** Start, UTC ms (inclusive). */
  period1: number;
  /** End, UTC ms (exclusive in intent; Yahoo may still append its latest bar). */
  period2: number;
  interval: YahooChartInterval;
  /** Which events to ask for: 'div', 'split' or both; empty asks for none. */
  events: Array<'div' | 'split'>;
  /** Pre- and post-market bars (intraday only); default true, like Polygon's minute aggregates. */
  includePrePost?: boolean;
}

export interface YahooSplit {
  /** UTC ms of the event (Yahoo stamps it with the session open of the ex-date). */
  time: number;
  numerator: number;
  denominator: number;
}

export interface YahooDividend {
  time: number;
  /** Cash per share, as Yahoo sends it (split-adjusted as of the fetch). */
  amount: number;
}

/**
 * A chart as Yahoo sent it, columns aligned on `times`. Nothing is dropped or repaired here:
 * nulls stay null, a bar outside the asked window stays (chart-to-bars.ts decides). A weekend
 * or holiday chart has no bars at all (Yahoo omits `timestamp` and sends `quote: [{}]`).
 */
export interface YahooChart {
  ticker: string;
  /** Bar open times, UTC ms. */
  times: number[];
  open: Array<number | null>;
  high: Array<number | null>;
  low: Array<number | null>;
  close: Array<number | null>;
  volume: Array<number | null>;
  /** Close adjusted for splits and dividends (Yahoo sends it for 1d only). */
  adjclose: Array<number | null> | null;
  splits: YahooSplit[];
  dividends: YahooDividend[];
  /** Yahoo's exchange time zone for the symbol, e.g. America/New_York. */
  exchangeTimezone: string | null;
  currency: string | null;
}

export interface YahooNewsHeadline {
  uuid: string;
  title: string;
  publisher: string | null;
  link: string | null;
  /** UTC ms. */
  publishedAt: number;
  relatedTickers: string[];
}

export interface YahooSearchResult {
  news: YahooNewsHeadline[];
}

export interface YahooClient {
  chart(ticker: string, query: YahooChartQuery): Promise<YahooChart>;
  search(query: string, options: { newsCount: number }): Promise<YahooSearchResult>;
  /** HTTP requests sent so far (crumb and cookie requests included). */
  readonly requestCount: number;
}

/**
 * A yahoo-finance2 instance bound to one base URL, throttled, cancellable and quiet. Every
 * *.yahoo.com URL the library builds goes to `baseUrl` (see rewriteYahooUrl); the library's
 * logging goes to our logger; its npm version check and notices are off; its errors come back as
 * YahooRequestError naming the ticker and what the user can do.
 *
 * yahoo-finance2 3.x declares Node 22 as its minimum and warns at construction on Node 20; chart
 * and search run fine on Node 20 (tested against the replay), so that warning is logged at debug.
 */
export function createYahooClient(options: YahooClientOptions): YahooClient {
  const { baseUrl, signal, logger } = options;
  const baseFetch = options.fetch ?? globalThis.fetch;
  const throttle = createRequestThrottle({
    refillMs: options.minIntervalMs ?? DEFAULT_REFILL_MS,
    burst: options.burst ?? DEFAULT_BURST,
  });
  let requestCount = 0;

  const routedFetch: typeof fetch = async (input, init) => {
    const original = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const url = rewriteYahooUrl(original, baseUrl);
    await throttle.take(signal);
    requestCount += 1;
    const response = await baseFetch(url, { ...init, signal });
    // Redirects (the cookie/consent flow) pass through. The library would print the URL of a failed request with console.error and lose the status
    // in a generic message; answer failures here instead, with Yahoo's own description.
    if (response.status >= 400) {
      throw new YahooHttpError(response.status, new URL(url).pathname, await response.text());
    }
    return response;
  };

  const library = new YahooFinance({
    fetch: routedFetch,
    logger: libraryLogger(logger),
    versionCheck: false,
    suppressNotices: ['yahooSurvey', 'ripHistorical'],
    validation: { logErrors: false, logOptionsErrors: false },
    // The lab already throttles; one request at a time keeps the order of requests predictable.
    queue: { concurrency: 1 },
  });

  const call = async <T>(what: string, ticker: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (signal?.aborted) throw signal.reason ?? error;
      throw new YahooRequestError(describeYahooFailure(what, ticker, baseUrl, error), ticker, error);
    }
  };

  return {
    get requestCount() {
      return requestCount;
    },

    chart(ticker, query) {
      const what = `chart ${query.interval} ${new Date(query.period1).toISOString()}..${new Date(query.period2).toISOString()}`;
      return call(what, ticker, async () => {
        const result = await library.chart(ticker, {
          period1: new Date(query.period1),
          period2: new Date(query.period2),
          interval: query.interval,
          events: query.events.join('|'),
          includePrePost: query.includePrePost ?? true,
          return: 'object',
        });
        return toChart(ticker, result);
      });
    },

    search(query, { newsCount }) {
      return call('search', query, async () => {
        const result = await library.search(query, { newsCount, quotesCount: 0 });
        return {
          news: (result.news ?? []).map((item) => ({
            uuid: item.uuid,
            title: item.title,
            publisher: item.publisher ?? null,
            link: item.link ?? null,
            publishedAt: item.providerPublishTime.getTime(),
            relatedTickers: item.relatedTickers ?? [],
          })),
        };
      });
    },
  };
}

/** The library's `return: 'object'` chart (validated and with dates coerced) in our shape. */
function toChart(ticker: string, result: unknown): YahooChart {
  const raw = result as {
    meta: { exchangeTimezoneName?: string; currency?: string };
    timestamp?: number[];
    indicators: {
      quote: Array<Partial<Record<'open' | 'high' | 'low' | 'close' | 'volume', Array<number | null>>>>;
      adjclose?: Array<{ adjclose?: Array<number | null> }>;
    };
    events?: {
      splits?: Record<string, { date: Date; numerator: number; denominator: number }>;
      dividends?: Record<string, { date: Date; amount: number }>;
    };
  };
  const times = (raw.timestamp ?? []).map((seconds) => seconds * 1000);
  // The library pops the empty quote of a weekend chart, so quote[0] may be missing.
  const quote = raw.indicators.quote[0] ?? {};
  const column = (name: 'open' | 'high' | 'low' | 'close' | 'volume') => quote[name] ?? times.map(() => null);
  return {
    ticker,
    times,
    open: column('open'),
    high: column('high'),
    low: column('low'),
    close: column('close'),
    volume: column('volume'),
    adjclose: raw.indicators.adjclose?.[0]?.adjclose ?? null,
    splits: Object.values(raw.events?.splits ?? {})
      .map((s) => ({ time: s.date.getTime(), numerator: s.numerator, denominator: s.denominator }))
      .sort((a, b) => a.time - b.time),
    dividends: Object.values(raw.events?.dividends ?? {})
      .map((d) => ({ time: d.date.getTime(), amount: d.amount }))
      .sort((a, b) => a.time - b.time),
    exchangeTimezone: raw.meta.exchangeTimezoneName ?? null,
    currency: raw.meta.currency ?? null,
  };
}

/** Routes yahoo-finance2's logger (info/warn/error/debug/dir) to ours. */
function libraryLogger(logger: YahooLogger | undefined) {
  const text = (args: unknown[]) =>
    args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
  const debug = (...args: unknown[]) => logger?.debug?.(`yahoo-finance2: ${text(args)}`);
  return {
    info: debug,
    debug,
    dir: debug,
    warn: (...args: unknown[]) => {
      const message = text(args);
      // The Node 20 vs 22 runtime warning: expected here, and chart/search work (see above).
      if (message.includes('Unsupported environment')) debug(message);
      else logger?.warn(`yahoo-finance2: ${message}`);
    },
    error: (...args: unknown[]) => logger?.error(`yahoo-finance2: ${text(args)}`),
  };
}
