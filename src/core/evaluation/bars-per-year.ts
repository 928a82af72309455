import type { MarketKind } from '../../shared/contract/index.js';
import { DAY_MS, intervalMs } from '../time/intervals.js';

/** NYSE regular sessions in a typical year (the usual annualisation convention for US stocks). */
export const NYSE_SESSIONS_PER_YEAR = 252;
/** Minutes of a regular NYSE session (09:30–16:00 New York). */
const SESSION_MINUTES = 390;
const MINUTE_MS = 60_000;
/** Crypto trades around the clock, every day of the year. */
const CRYPTO_DAYS_PER_YEAR = 365;

/**
 * Bars of `interval` in one year of `market`, the factor that annualises per-bar statistics
 * (Sharpe = mean / std × √barsPerYear).
 *
 * - Crypto (spot and perpetuals) trades 24/7: 365 × 24 × 60 / interval minutes (8,760 for 1h, 365 for 1d).
 * - Stocks trade in NYSE regular sessions: 252 per year. Intraday bars count the bars a session
 *   holds as the store keeps them, ceil(390 min / interval): 7 hourly bars (09:30 … 15:30, the last
 *   one half an hour), so 1h → 1,764 rather than 252 × 6.5 = 1,638. Annualisation must count the
 *   observations a year really has, and a half-hour bar is still one observation. Daily bars → 252,
 *   3d → 84.
 * - Weekly bars: 52 for stocks, 365 / 7 for crypto; monthly bars (1mo): 12 for both.
 *
 * Throws for an interval the lab does not know.
 */
export function barsPerYear(interval: string, market: MarketKind): number {
  const ms = intervalMs(interval);
  // '1mo' is stored as its longest length (31 days) for gap detection; a year still has 12.
  if (interval === '1mo') return 12;
  if (market !== 'stock') return (CRYPTO_DAYS_PER_YEAR * DAY_MS) / ms;
  if (interval === '1w') return 52;
  if (ms >= DAY_MS) return NYSE_SESSIONS_PER_YEAR / (ms / DAY_MS);
  return NYSE_SESSIONS_PER_YEAR * Math.ceil((SESSION_MINUTES * MINUTE_MS) / ms);
}
