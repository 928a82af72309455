import fs from 'node:fs';
import type { Database } from 'better-sqlite3';
import { upsertInstrument } from '../../../store/instruments.js';
import { upsertFundingRates, upsertFuturesMetrics } from '../../../store/futures-data.js';
import { readZipEntries, ZipError } from '../../archive/zip-reader.js';
import { BINANCE_VENUE } from '../import-kline-file.js';
import { splitSymbol } from '../file-name.js';
import { FileRejected } from '../file-rejected.js';
import { parseFundingRateCsv, parseMetricsCsv } from './futures-csv.js';

const SOURCE = 'binance-vision';

function csvOf(zipPath: string): { name: string; text: string } {
  let entries;
  try {
    entries = readZipEntries(fs.readFileSync(zipPath));
  } catch (err) {
    if (err instanceof ZipError) throw new FileRejected(err.message);
    throw err;
  }
  const csv = entries.filter((e) => e.name.toLowerCase().endsWith('.csv'));
  if (csv.length !== 1)
    throw new FileRejected(`expected exactly one .csv inside the zip, found ${csv.length}`);
  return { name: csv[0].name, text: Buffer.from(csv[0].data).toString('utf8') };
}

function perpetual(db: Database, symbol: string, now: number): number {
  return upsertInstrument(
    db,
    { symbol, venue: BINANCE_VENUE, market: 'crypto-perp', ...splitSymbol(symbol) },
    now,
  );
}

/** Stores a verified USD-M `fundingRate` monthly archive; all rows or none. */
export function ingestFundingArchive(db: Database, zipPath: string, symbol: string, now: number): number {
  const { name, text } = csvOf(zipPath);
  const rows = parseFundingRateCsv(text, name);
  db.transaction(() => upsertFundingRates(db, perpetual(db, symbol, now), rows, SOURCE))();
  return rows.length;
}

/** Stores a verified USD-M `metrics` daily archive (5-minute open interest and ratios); all rows or none. */
export function ingestMetricsArchive(db: Database, zipPath: string, symbol: string, now: number): number {
  const { name, text } = csvOf(zipPath);
  const rows = parseMetricsCsv(text, name, symbol);
  db.transaction(() => upsertFuturesMetrics(db, perpetual(db, symbol, now), '5m', rows, SOURCE))();
  return rows.length;
}
