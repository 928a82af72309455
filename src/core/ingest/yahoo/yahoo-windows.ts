import type { YahooInterval } from '../../../shared/contract/index.js';
import { parseIsoDate } from '../../calendar/civil-date.js';
import { newYorkDay, newYorkWallTimeToUtc } from '../../calendar/new-york-time.js';
import type { YahooChartInterval } from './yahoo-client.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface YahooWindowRule {
  /** The name Yahoo uses (it calls an hour "60m"). */
  yahooInterval: YahooChartInterval;
  /** How far back Yahoo keeps bars of this interval, in days; null: all history. */
  lookbackDays: number | null;
  /** Longest range one request may ask for, in days; null: no limit. */
  daysPerRequest: number | null;
}

/**
 * What Yahoo serves per interval: 1m for the last 30 days in requests of at most 7 days;
 * 5m/15m/30m for the last 60 days; 1h for the last 730 days; 1d all history in one request.
 */
export const YAHOO_WINDOW_RULES: Record<YahooInterval, YahooWindowRule> = {
  '1m': { yahooInterval: '1m', lookbackDays: 30, daysPerRequest: 7 },
  '5m': { yahooInterval: '5m', lookbackDays: 60, daysPerRequest: 60 },
  '15m': { yahooInterval: '15m', lookbackDays: 60, daysPerRequest: 60 },
  '30m': { yahooInterval: '30m', lookbackDays: 60, daysPerRequest: 60 },
  '1h': { yahooInterval: '60m', lookbackDays: 730, daysPerRequest: 730 },
  '1d': { yahooInterval: '1d', lookbackDays: null, daysPerRequest: null },
};

/**
 * Yahoo refuses a start that is exactly at the edge of its window by the time the request
 * arrives; starting an hour inside it avoids that race.
 */
const EDGE_MARGIN_MS = HOUR_MS;

export interface YahooRequestWindow {
  /** UTC ms, inclusive. */
  period1: number;
  /** UTC ms, exclusive. */
  period2: number;
}

export interface YahooRequestPlan {
  interval: YahooInterval;
  yahooInterval: YahooChartInterval;
  /**
   * Bars to keep, UTC ms [from, to): New York midnight of the first date to New York midnight
   * after the last date (stock dates are New York session dates); null when nothing is left.
   */
  keep: { from: number; to: number } | null;
  requests: YahooRequestWindow[];
  /** Why the range was clipped or is empty (notes for the summary, not errors). */
  notes: string[];
}

export interface PlanYahooInput {
  interval: YahooInterval;
  /** First New York date, YYYY-MM-DD; default: as far back as Yahoo keeps the interval. */
  from?: string;
  /** Last New York date, inclusive; default: today. A future date means "up to now". */
  to?: string;
  now: number;
}

function newYorkMidnight(date: string): number {
  return newYorkWallTimeToUtc(parseIsoDate(date), 0);
}

/**
 * Clips a date range to what Yahoo keeps for the interval (with a note, never an error) and
 * splits it into requests Yahoo accepts. Daily charts are asked for up to now even when `to` is
 * earlier, so the one request also brings every split and dividend since `from`: the raw prices
 * are rebuilt from them (see chart-to-bars.ts).
 */
export function planYahooRequests(input: PlanYahooInput): YahooRequestPlan {
  const { interval, now } = input;
  const rule = YAHOO_WINDOW_RULES[interval];
  const notes: string[] = [];
  const plan = (keep: YahooRequestPlan['keep'], requests: YahooRequestWindow[]): YahooRequestPlan => ({
    interval,
    yahooInterval: rule.yahooInterval,
    keep,
    requests,
    notes,
  });

  const lastDay = input.to ? parseIsoDate(input.to) : newYorkDay(now);
  const keepToExclusive = newYorkWallTimeToUtc(lastDay + 1, 0);
  const earliest = rule.lookbackDays === null ? null : now - rule.lookbackDays * DAY_MS + EDGE_MARGIN_MS;
  let start = input.from ? newYorkMidnight(input.from) : (earliest ?? 0);
  if (earliest !== null && start < earliest) {
    if (input.from) {
      notes.push(
        `${interval}: Yahoo keeps only the last ${rule.lookbackDays} days of ${interval} bars; ` +
          `asked from ${input.from}, fetching from ${new Date(earliest).toISOString()}`,
      );
    }
    start = earliest;
  }
  const end = Math.min(keepToExclusive, now);
  if (start >= end) {
    notes.push(
      start >= now
        ? `${interval}: the range starts in the future; nothing to fetch`
        : `${interval}: the range ends before the last ${rule.lookbackDays} days that Yahoo keeps; nothing to fetch`,
    );
    return plan(null, []);
  }
  const keep = { from: start, to: keepToExclusive };
  if (rule.daysPerRequest === null) return plan(keep, [{ period1: start, period2: now }]);

  const step = rule.daysPerRequest * DAY_MS;
  const requests: YahooRequestWindow[] = [];
  for (let t = start; t < end; t += step) requests.push({ period1: t, period2: Math.min(t + step, end) });
  return plan(keep, requests);
}
