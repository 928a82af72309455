import type { Database } from 'better-sqlite3';
import {
  insertPremiumIndex,
  latestFundingTime,
  latestMetricsTime,
  upsertFundingRates,
  upsertFuturesMetrics,
} from '../../../store/futures-data.js';
import { upsertInstrument } from '../../../store/instruments.js';
import { DAY_MS, intervalMs } from '../../../time/intervals.js';
import { splitSymbol } from '../file-name.js';
import { BINANCE_VENUE } from '../import-kline-file.js';
import {
  MAX_FUNDING_PER_REQUEST,
  MAX_OPEN_INTEREST_HISTORY_PER_REQUEST,
  type BinanceRest,
  type OpenInterestPeriod,
} from './binance-client.js';
import { REST_SOURCE } from './klines-fill.js';

export interface FuturesRestResult {
  rows: number;
  /** Facts the user should know (a clamped range, nothing published). */
  notes: string[];
}

interface RangeRequest {
  symbol: string;
  fromMs: number;
  /** Exclusive end, epoch ms; clamped to `now`. */
  toMs: number;
  now: number;
}

/** Binance serves open-interest history for the last 30 days only. */
export const OPEN_INTEREST_HISTORY_DAYS = 30;

/** The period under which `fetchOpenInterestNow` stores its single reading. */
export const SNAPSHOT_PERIOD = 'snapshot';

function perpetualId(db: Database, symbol: string, now: number): number {
  return upsertInstrument(
    db,
    { symbol, venue: BINANCE_VENUE, market: 'crypto-perp', ...splitSymbol(symbol) },
    now,
  );
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Funding rate history from after the newest stored funding time (or `fromMs`) up to `toMs`, in
 * pages of 1000. Funding times are kept to the millisecond as Binance stamps them.
 */
export async function fetchFundingHistory(
  db: Database,
  client: BinanceRest,
  request: RangeRequest,
): Promise<FuturesRestResult> {
  const { symbol, now } = request;
  const instrumentId = perpetualId(db, symbol, now);
  const end = Math.min(request.toMs, now);
  const last = latestFundingTime(db, instrumentId);
  let start = last === null ? request.fromMs : Math.max(request.fromMs, last + 1);
  let rows = 0;
  while (start < end) {
    const page = await client.fundingRateHistory(symbol, start, end - 1, MAX_FUNDING_PER_REQUEST);
    const inRange = page.filter((r) => r.time >= start && r.time < end);
    if (inRange.length) upsertFundingRates(db, instrumentId, inRange, REST_SOURCE);
    rows += inRange.length;
    if (page.length < MAX_FUNDING_PER_REQUEST || inRange.length === 0) break;
    start = page[page.length - 1].time + 1;
  }
  const notes: string[] = [];
  if (rows === 0 && last === null && request.fromMs < end) {
    notes.push(
      `${symbol}: Binance has no funding rates between ${iso(request.fromMs)} and ${iso(end)} (listed later, or not a perpetual).`,
    );
  }
  return { rows, notes };
}

/**
 * Open-interest history of one period (e.g. '4h'). Binance keeps only the last 30 days, so an
 * earlier start is moved up, and the result says so. Continues after the newest stored point.
 */
export async function fetchOpenInterestHistory(
  db: Database,
  client: BinanceRest,
  request: RangeRequest & { period: OpenInterestPeriod },
): Promise<FuturesRestResult> {
  const { symbol, period, now } = request;
  const periodMs = intervalMs(period);
  const instrumentId = perpetualId(db, symbol, now);
  const end = Math.min(request.toMs, now);
  const notes: string[] = [];
  // A minute of margin keeps the start inside Binance's window even when the clocks differ a little.
  const earliest = Math.ceil((now - OPEN_INTEREST_HISTORY_DAYS * DAY_MS + 60_000) / periodMs) * periodMs;
  const last = latestMetricsTime(db, instrumentId, period);
  let start = Math.max(request.fromMs, earliest);
  // Only worth saying when the store does not already reach into the last 30 days.
  if (request.fromMs < earliest && (last === null || last < earliest)) {
    notes.push(
      `${symbol} open interest (${period}): Binance keeps only the last ${OPEN_INTEREST_HISTORY_DAYS} days, so history starts at ${iso(earliest)} instead of ${iso(request.fromMs)}.`,
    );
  }
  if (last !== null) start = Math.max(start, last + 1);

  // Windows of at most one page of points, so Binance never has to choose which points to drop.
  const windowMs = MAX_OPEN_INTEREST_HISTORY_PER_REQUEST * periodMs;
  let rows = 0;
  for (let windowStart = start; windowStart < end; windowStart += windowMs) {
    const windowEnd = Math.min(end, windowStart + windowMs) - 1;
    const page = await client.openInterestHistory(
      symbol,
      period,
      windowStart,
      windowEnd,
      MAX_OPEN_INTEREST_HISTORY_PER_REQUEST,
    );
    const inRange = page
      .filter((p) => p.time >= windowStart && p.time <= windowEnd)
      .map((p) => ({ time: p.time, openInterest: p.openInterest, openInterestValue: p.openInterestValue }));
    if (inRange.length) upsertFuturesMetrics(db, instrumentId, period, inRange, REST_SOURCE);
    rows += inRange.length;
  }
  return { rows, notes };
}

/** The current open interest, stored under the period 'snapshot' at Binance's time stamp. */
export async function fetchOpenInterestNow(
  db: Database,
  client: BinanceRest,
  request: { symbol: string; now: number },
): Promise<FuturesRestResult> {
  const point = await client.openInterest(request.symbol);
  const instrumentId = perpetualId(db, request.symbol, request.now);
  upsertFuturesMetrics(
    db,
    instrumentId,
    SNAPSHOT_PERIOD,
    [{ time: point.time, openInterest: point.openInterest, openInterestValue: null }],
    REST_SOURCE,
  );
  return { rows: 1, notes: [] };
}

/** The current mark price, index price and funding estimate, stored at Binance's time stamp. */
export async function fetchPremiumIndexNow(
  db: Database,
  client: BinanceRest,
  request: { symbol: string; now: number },
): Promise<FuturesRestResult> {
  const point = await client.premiumIndex(request.symbol);
  insertPremiumIndex(db, perpetualId(db, request.symbol, request.now), point);
  return { rows: 1, notes: [] };
}
