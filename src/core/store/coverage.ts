import type { Database } from 'better-sqlite3';
import type { CoverageDay, CoverageRow, MarketKind } from '../../shared/contract/index.js';
import { newYorkDay } from '../calendar/new-york-time.js';
import { sessionOnDay } from '../calendar/nyse-calendar.js';
import { sessionBarCount } from '../calendar/session-bars.js';
import { barsPerDay, DAY_MS, intervalMs, isoOrNull, utcDayString } from '../time/intervals.js';

interface ChunkStats {
  symbol: string;
  venue: string;
  market: MarketKind;
  interval: string;
  day: number;
  bar_count: number;
  first_time: number;
  last_time: number;
  gap_count: number;
}

function chunkStats(db: Database, where = '', params: unknown[] = []): ChunkStats[] {
  return db
    .prepare(
      `SELECT i.symbol, i.venue, i.market, c.interval, c.day, c.bar_count, c.first_time, c.last_time, c.gap_count
       FROM bar_chunks c JOIN instruments i ON i.id = c.instrument_id ${where}
       ORDER BY i.symbol, i.market, i.venue, c.interval, c.day`,
    )
    .all(...params) as ChunkStats[];
}

type SeriesInProgress = CoverageRow & { lastTime: number; stepMs: number };

/**
 * Per instrument × interval: bars, first and last bar, days with data, and gaps (steps longer than
 * one interval, inside a day or between stored days). Reads only chunk metadata, never the columns.
 * Between the stored days of a stock, only whole NYSE sessions missing make a gap: nights,
 * weekends and holidays do not.
 */
export function queryCoverage(db: Database): CoverageRow[] {
  const rows: CoverageRow[] = [];
  let current: SeriesInProgress | null = null;
  for (const c of chunkStats(db)) {
    const sameSeries =
      current &&
      current.symbol === c.symbol &&
      current.market === c.market &&
      current.interval === c.interval &&
      current.venue === c.venue;
    if (!sameSeries) {
      if (current) rows.push(finish(current));
      current = {
        symbol: c.symbol,
        venue: c.venue,
        market: c.market,
        interval: c.interval,
        bars: 0,
        first: isoOrNull(c.first_time),
        last: null,
        days: 0,
        gaps: 0,
        lastTime: c.first_time,
        stepMs: intervalMs(c.interval),
      };
    }
    const series = current!;
    if (series.days > 0 && isGapBetweenChunks(series, c.first_time)) series.gaps++;
    series.bars += c.bar_count;
    series.days++;
    series.gaps += c.gap_count;
    series.lastTime = c.last_time;
  }
  if (current) rows.push(finish(current));
  return rows;
}

function isGapBetweenChunks(series: SeriesInProgress, nextTime: number): boolean {
  if (series.market === 'stock' && series.stepMs <= DAY_MS) {
    return (
      sessionsStrictlyBetween(
        stockSessionDay(series.lastTime, series.stepMs),
        stockSessionDay(nextTime, series.stepMs),
      ) > 0
    );
  }
  return nextTime - series.lastTime > series.stepMs;
}

/**
 * The New York session date (day number) a stock bar belongs to: daily bars are stored at 00:00 UTC
 * of it, intraday bars open on it in New York.
 */
function stockSessionDay(time: number, stepMs: number): number {
  return stepMs >= DAY_MS ? Math.floor(time / DAY_MS) : newYorkDay(time);
}

function sessionsStrictlyBetween(fromDay: number, toDay: number): number {
  let sessions = 0;
  for (let day = fromDay + 1; day < toDay; day++) if (sessionOnDay(day) !== null) sessions++;
  return sessions;
}

/**
 * Bars a complete day of this series holds: a full UTC day for crypto; for a stock, that day's
 * regular session (390 one-minute bars, 210 on a half day, one daily bar), and the UTC day's count
 * only on a day without a session (such a chunk holds extended-hours bars alone).
 */
function expectedBarsOfDay(market: MarketKind, interval: string, day: number): number {
  if (market !== 'stock') return barsPerDay(interval);
  const stepMs = intervalMs(interval);
  const session = sessionOnDay(day);
  if (session === null || stepMs > DAY_MS) return barsPerDay(interval);
  return stepMs === DAY_MS ? 1 : sessionBarCount(session, stepMs);
}

function finish(series: SeriesInProgress): CoverageRow {
  const { lastTime, stepMs: _stepMs, ...row } = series;
  return { ...row, last: isoOrNull(lastTime) };
}

/** Bars per UTC day for the heatmap, newest `limitDays` days per series. */
export function queryCoverageDays(
  db: Database,
  query: { symbol?: string; interval?: string; limitDays: number },
): CoverageDay[] {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (query.symbol) {
    conditions.push('i.symbol = ?');
    params.push(query.symbol);
  }
  if (query.interval) {
    conditions.push('c.interval = ?');
    params.push(query.interval);
  }
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  const all = chunkStats(db, where, params);
  const bySeries = new Map<string, ChunkStats[]>();
  for (const c of all) {
    const key = `${c.venue}|${c.market}|${c.symbol}|${c.interval}`;
    const list = bySeries.get(key) ?? [];
    list.push(c);
    bySeries.set(key, list);
  }
  const out: CoverageDay[] = [];
  for (const list of bySeries.values()) {
    for (const c of list.slice(-query.limitDays)) {
      out.push({
        symbol: c.symbol,
        market: c.market,
        interval: c.interval,
        day: utcDayString(c.day),
        bars: c.bar_count,
        expected: expectedBarsOfDay(c.market, c.interval, c.day),
        gaps: c.gap_count,
      });
    }
  }
  return out;
}
