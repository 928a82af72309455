import type { Database } from 'better-sqlite3';
import { isMarketOpen, sessionOnDay, type Session } from '../../calendar/nyse-calendar.js';
import { sentimentAt, type SentimentWindow } from '../../news/sentiment-at.js';
import { readFundingRates, readFuturesMetrics } from '../../store/futures-data.js';

/** Funding rates of a perpetual, in time order (time = funding time, epoch ms; known at that time). */
export interface FundingSeries {
  time: Float64Array;
  rate: Float64Array;
}

/** Open interest snapshots of a perpetual, in time order (time = snapshot time, epoch ms). */
export interface OpenInterestSeries {
  time: Float64Array;
  /** Contracts; NaN where the source left it empty. */
  openInterest: Float64Array;
  /** Quote value; NaN where the source left it empty. */
  openInterestValue: Float64Array;
}

/** The news window of the sentiment feature: headlines of the last 24 h, half-life 6 h. */
export const NEWS_WINDOW: SentimentWindow = { lookbackMs: 24 * 3_600_000, halfLifeMs: 6 * 3_600_000 };

/**
 * What is stored beside one instrument's bars, for features that need it. Series are loaded on
 * first use and kept (one instrument's funding and OI are small). Every series is the whole stored
 * history: a feature aligns it point-in-time itself (a row is known from its time on).
 */
export interface FeatureContext {
  fundingRates(): FundingSeries;
  /** Open interest at the given metrics period (Data Vision archives store '5m'). */
  openInterest(period?: string): OpenInterestSeries;
  /**
   * News sentiment at each bar time (non-decreasing): the recency-weighted mean score of headlines
   * published strictly before t within the window (see sentimentAt); NaN where none. A bar is
   * known at its close, so a feature passes each bar's close time (open + interval), not its open.
   */
  newsSentiment(times: Float64Array): Float64Array;
  /** NYSE regular session open at a UTC time. */
  isMarketOpen(t: number): boolean;
  /** NYSE session on a New York day number, null on weekends and holidays. */
  sessionOnDay(day: number): Session | null;
}

const EMPTY_FUNDING: FundingSeries = Object.freeze({ time: new Float64Array(0), rate: new Float64Array(0) });
const EMPTY_OI: OpenInterestSeries = Object.freeze({
  time: new Float64Array(0),
  openInterest: new Float64Array(0),
  openInterestValue: new Float64Array(0),
});

/**
 * The context of one instrument read from the lab's database. `newsTicker` is the ticker its news
 * is stored under (a stock's symbol); null for instruments without news.
 */
export function dbFeatureContext(
  db: Database,
  instrumentId: number,
  newsTicker: string | null,
  newsWindow: SentimentWindow = NEWS_WINDOW,
): FeatureContext {
  let funding: FundingSeries | undefined;
  const oi = new Map<string, OpenInterestSeries>();
  return {
    fundingRates() {
      if (!funding) {
        const rows = readFundingRates(db, instrumentId);
        funding = {
          time: Float64Array.from(rows, (r) => r.time),
          rate: Float64Array.from(rows, (r) => r.rate),
        };
      }
      return funding;
    },
    openInterest(period = '5m') {
      let series = oi.get(period);
      if (!series) {
        const rows = readFuturesMetrics(db, instrumentId, period);
        series = {
          time: Float64Array.from(rows, (r) => r.time),
          openInterest: Float64Array.from(rows, (r) => r.openInterest ?? Number.NaN),
          openInterestValue: Float64Array.from(rows, (r) => r.openInterestValue ?? Number.NaN),
        };
        oi.set(period, series);
      }
      return series;
    },
    newsSentiment(times) {
      if (newsTicker === null) return new Float64Array(times.length).fill(Number.NaN);
      return sentimentAt(db, newsTicker, times, newsWindow);
    },
    isMarketOpen,
    sessionOnDay,
  };
}

/**
 * A context from series in memory (tests, the paper trader's live buffers): what is left out is
 * empty, and news is NaN unless a function is given.
 */
export function memoryFeatureContext(
  parts: {
    funding?: FundingSeries;
    openInterest?: OpenInterestSeries;
    newsSentiment?: (times: Float64Array) => Float64Array;
  } = {},
): FeatureContext {
  return {
    fundingRates: () => parts.funding ?? EMPTY_FUNDING,
    openInterest: () => parts.openInterest ?? EMPTY_OI,
    newsSentiment: (times) =>
      parts.newsSentiment ? parts.newsSentiment(times) : new Float64Array(times.length).fill(Number.NaN),
    isMarketOpen,
    sessionOnDay,
  };
}

/** A context with no funding, no open interest and no news (bar-only features, unit tests). */
export function emptyFeatureContext(): FeatureContext {
  return memoryFeatureContext();
}
