import type { Database } from 'better-sqlite3';
import { cachedStatement } from './statement-cache.js';

/**
 * USD-M futures data beside the bars: funding rates, open interest and trader ratios per period,
 * and premium index snapshots. Archives (Data Vision) and REST write the same tables; a row with
 * the same key replaces the old one, so re-fetching or re-importing never duplicates.
 */

export interface FundingRateRow {
  /** Funding time in epoch ms, exactly as Binance stamps it (REST times carry ms jitter). */
  time: number;
  rate: number;
  intervalHours?: number | null;
  markPrice?: number | null;
}

export interface StoredFundingRate {
  time: number;
  rate: number;
  intervalHours: number | null;
  markPrice: number | null;
  source: string;
}

export interface FuturesMetricsRow {
  time: number;
  openInterest: number | null;
  openInterestValue: number | null;
  topTraderAccountRatio?: number | null;
  topTraderPositionRatio?: number | null;
  longShortAccountRatio?: number | null;
  takerBuySellRatio?: number | null;
}

export interface StoredFuturesMetrics {
  time: number;
  openInterest: number | null;
  openInterestValue: number | null;
  topTraderAccountRatio: number | null;
  topTraderPositionRatio: number | null;
  longShortAccountRatio: number | null;
  takerBuySellRatio: number | null;
  source: string;
}

export interface PremiumIndexRow {
  time: number;
  markPrice: number;
  indexPrice: number | null;
  lastFundingRate: number | null;
  nextFundingTime: number | null;
  interestRate: number | null;
}

/** Whole history when a bound is left out; `toMs` is exclusive. */
const MIN_TIME = -8.64e15;
const MAX_TIME = 8.64e15;

/** Stores funding rates (replacing rows at the same time), all in one transaction. Returns the rows written. */
export function upsertFundingRates(
  db: Database,
  instrumentId: number,
  rows: FundingRateRow[],
  source: string,
): number {
  const insert = cachedStatement(
    db,
    `INSERT OR REPLACE INTO funding_rates (instrument_id, time, rate, interval_hours, mark_price, source)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (const r of rows)
      insert.run(instrumentId, r.time, r.rate, r.intervalHours ?? null, r.markPrice ?? null, source);
  })();
  return rows.length;
}

/** Stores open interest and ratios for one period ('5m', '4h', 'snapshot'…), replacing rows at the same time. */
export function upsertFuturesMetrics(
  db: Database,
  instrumentId: number,
  period: string,
  rows: FuturesMetricsRow[],
  source: string,
): number {
  const insert = cachedStatement(
    db,
    `INSERT OR REPLACE INTO futures_metrics (instrument_id, period, time, open_interest, open_interest_value,
       top_trader_account_ratio, top_trader_position_ratio, long_short_account_ratio, taker_buy_sell_ratio, source)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (const r of rows) {
      insert.run(
        instrumentId,
        period,
        r.time,
        r.openInterest,
        r.openInterestValue,
        r.topTraderAccountRatio ?? null,
        r.topTraderPositionRatio ?? null,
        r.longShortAccountRatio ?? null,
        r.takerBuySellRatio ?? null,
        source,
      );
    }
  })();
  return rows.length;
}

export function insertPremiumIndex(db: Database, instrumentId: number, row: PremiumIndexRow): void {
  cachedStatement(
    db,
    `INSERT OR REPLACE INTO premium_index (instrument_id, time, mark_price, index_price, last_funding_rate, next_funding_time, interest_rate)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    instrumentId,
    row.time,
    row.markPrice,
    row.indexPrice,
    row.lastFundingRate,
    row.nextFundingTime,
    row.interestRate,
  );
}

export function readFundingRates(
  db: Database,
  instrumentId: number,
  fromMs = MIN_TIME,
  toMs = MAX_TIME,
): StoredFundingRate[] {
  return cachedStatement(
    db,
    `SELECT time, rate, interval_hours AS intervalHours, mark_price AS markPrice, source
     FROM funding_rates WHERE instrument_id = ? AND time >= ? AND time < ? ORDER BY time`,
  ).all(instrumentId, fromMs, toMs) as StoredFundingRate[];
}

export function readFuturesMetrics(
  db: Database,
  instrumentId: number,
  period: string,
  fromMs = MIN_TIME,
  toMs = MAX_TIME,
): StoredFuturesMetrics[] {
  return cachedStatement(
    db,
    `SELECT time, open_interest AS openInterest, open_interest_value AS openInterestValue,
       top_trader_account_ratio AS topTraderAccountRatio, top_trader_position_ratio AS topTraderPositionRatio,
       long_short_account_ratio AS longShortAccountRatio, taker_buy_sell_ratio AS takerBuySellRatio, source
     FROM futures_metrics WHERE instrument_id = ? AND period = ? AND time >= ? AND time < ? ORDER BY time`,
  ).all(instrumentId, period, fromMs, toMs) as StoredFuturesMetrics[];
}

export function readPremiumIndex(
  db: Database,
  instrumentId: number,
  fromMs = MIN_TIME,
  toMs = MAX_TIME,
): PremiumIndexRow[] {
  return cachedStatement(
    db,
    `SELECT time, mark_price AS markPrice, index_price AS indexPrice, last_funding_rate AS lastFundingRate,
       next_funding_time AS nextFundingTime, interest_rate AS interestRate
     FROM premium_index WHERE instrument_id = ? AND time >= ? AND time < ? ORDER BY time`,
  ).all(instrumentId, fromMs, toMs) as PremiumIndexRow[];
}

/** Time of the newest stored funding rate, from any source; null when none is stored. */
export function latestFundingTime(db: Database, instrumentId: number): number | null {
  const row = cachedStatement(db, 'SELECT MAX(time) AS last FROM funding_rates WHERE instrument_id = ?').get(
    instrumentId,
  ) as {
    last: number | null;
  };
  return row.last;
}

/** Time of the newest stored metrics row of a period; null when none is stored. */
export function latestMetricsTime(db: Database, instrumentId: number, period: string): number | null {
  const row = cachedStatement(
    db,
    'SELECT MAX(time) AS last FROM futures_metrics WHERE instrument_id = ? AND period = ?',
  ).get(instrumentId, period) as { last: number | null };
  return row.last;
}
