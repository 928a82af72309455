import type { Database } from 'better-sqlite3';
import { QualityReport, type MarketKind, type QualityQuery } from '../../shared/contract/index.js';
import { compareReports } from '../quality/report-order.js';
import { cachedStatement } from './statement-cache.js';

/** An instrument × interval that has bars in the store. */
export interface StoredSeries {
  instrumentId: number;
  symbol: string;
  venue: string;
  market: MarketKind;
  interval: string;
}

/** Every instrument × interval with at least one stored bar chunk. */
export function listStoredSeries(db: Database): StoredSeries[] {
  return cachedStatement(
    db,
    `SELECT c.instrument_id AS instrumentId, i.symbol, i.venue, i.market, c.interval
     FROM (SELECT DISTINCT instrument_id, interval FROM bar_chunks) c JOIN instruments i ON i.id = c.instrument_id
     ORDER BY i.venue, i.market, c.interval, i.symbol`,
  ).all() as StoredSeries[];
}

/** Stores (or replaces) the report of one instrument × interval. */
export function saveQualityReport(
  db: Database,
  instrumentId: number,
  interval: string,
  report: QualityReport,
): void {
  cachedStatement(
    db,
    `INSERT OR REPLACE INTO quality_reports (instrument_id, interval, computed_at, report) VALUES (?, ?, ?, ?)`,
  ).run(instrumentId, interval, Date.parse(report.computedAt), JSON.stringify(report));
}

/** Stored reports, optionally of one symbol and/or interval, sorted by symbol, market, interval. */
export function readQualityReports(db: Database, query: QualityQuery): QualityReport[] {
  const rows = cachedStatement(
    db,
    `SELECT i.symbol, i.market, q.interval, q.report FROM quality_reports q JOIN instruments i ON i.id = q.instrument_id
     WHERE (@symbol IS NULL OR i.symbol = @symbol) AND (@interval IS NULL OR q.interval = @interval)`,
  ).all({ symbol: query.symbol ?? null, interval: query.interval ?? null }) as Array<{
    symbol: string;
    market: string;
    interval: string;
    report: string;
  }>;
  return rows.map(parseStoredReport).sort(compareReports);
}

function parseStoredReport(row: {
  symbol: string;
  market: string;
  interval: string;
  report: string;
}): QualityReport {
  let json: unknown;
  try {
    json = JSON.parse(row.report);
  } catch (err) {
    throw unreadable(row, (err as Error).message);
  }
  const parsed = QualityReport.safeParse(json);
  if (!parsed.success)
    throw unreadable(row, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}

function unreadable(row: { symbol: string; market: string; interval: string }, reason: string): Error {
  return new Error(
    `The stored quality report of ${row.symbol} (${row.market}) ${row.interval} cannot be read (${reason}); ` +
      'compute the reports again (`tradelab quality`) to replace it.',
  );
}
