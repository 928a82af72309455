import fs from 'node:fs';
import path from 'node:path';
import { readZipEntries } from '../../src/core/ingest/archive/zip-reader.js';
import { parseKlineCsv } from '../../src/core/ingest/binance/kline-csv.js';
import { allocateColumns, CORE_COLUMNS, type BarColumns } from '../../src/core/store/bar-columns.js';
import { dataPath } from './paths.js';

/** Real Data Vision monthly 1h CSVs of a symbol, sorted, optionally only months matching `month`. */
export function monthlyCsvs(symbol: string, month?: RegExp): string[] {
  const dir = dataPath('binance/spot/monthly/klines-csv', symbol, '1h');
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.csv') && (!month || month.test(name)))
    .sort()
    .map((name) => path.join(dir, name));
}

export const DAILY_1M_ZIPS = ['2020-01-01', '2020-01-02', '2020-01-03'].map((day) =>
  dataPath('binance/spot/daily/klines/BTCUSDT/1m', `BTCUSDT-1m-${day}.zip`),
);

/** Parses real kline files (csv or Data Vision zip) with the product parser and joins them in order. */
export function loadKlines(files: string[]): BarColumns {
  return concatColumns(
    files.map((file) => {
      const bytes = fs.readFileSync(file);
      return parseKlineCsv(file.endsWith('.zip') ? readZipEntries(bytes)[0].data : bytes);
    }),
  );
}

/**
 * Open times read straight from the CSV text, independently of the product parser: the first
 * field of every line that starts with a digit (header rows do not), microseconds scaled to ms.
 */
export function csvOpenTimes(files: string[]): number[] {
  const times: number[] = [];
  for (const file of files) {
    for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
      if (!/^\d/.test(line)) continue;
      const t = Number(line.slice(0, line.indexOf(',')));
      times.push(t > 1e14 ? t / 1000 : t);
    }
  }
  return times;
}

/** The real USD-M futures 1d bars (REST-derived CSV with a header), core columns only. */
export function loadFutures1d(): BarColumns {
  const lines = fs
    .readFileSync(dataPath('binance/futures/um/rest-derived/1d/BTCUSDT.csv'), 'utf8')
    .split(/\r?\n/)
    .filter((line) => /^\d/.test(line));
  const out = allocateColumns(lines.length, false);
  lines.forEach((line, i) => {
    const [time, open, high, low, close, volume] = line.split(',').map(Number);
    out.time[i] = time;
    out.open[i] = open;
    out.high[i] = high;
    out.low[i] = low;
    out.close[i] = close;
    out.volume[i] = volume;
  });
  return out;
}

export function concatColumns(parts: BarColumns[]): BarColumns {
  const total = parts.reduce((sum, p) => sum + p.time.length, 0);
  const out = allocateColumns(total, false);
  let offset = 0;
  for (const part of parts) {
    for (const name of CORE_COLUMNS) out[name].set(part[name], offset);
    offset += part.time.length;
  }
  return out;
}

/** A copy of the core columns holding only the rows `keep` accepts. */
export function filterRows(columns: BarColumns, keep: (time: number, row: number) => boolean): BarColumns {
  const rows: number[] = [];
  for (let i = 0; i < columns.time.length; i++) if (keep(columns.time[i], i)) rows.push(i);
  return pickRows(columns, rows);
}

/** A copy of the core columns made of the given rows, in the given order (repeats allowed). */
export function pickRows(columns: BarColumns, rows: number[]): BarColumns {
  const out = allocateColumns(rows.length, false);
  for (const name of CORE_COLUMNS) rows.forEach((row, i) => (out[name][i] = columns[name][row]));
  return out;
}

/** A copy of the core columns (for breaking one bar without touching the original). */
export function copyColumns(columns: BarColumns): BarColumns {
  return pickRows(
    columns,
    Array.from({ length: columns.time.length }, (_, i) => i),
  );
}

export function iso(time: number): string {
  return new Date(time).toISOString();
}
