import { FlatFileRejected } from './flat-file-rejected.js';
import { nanosToMillis } from './window-start.js';

/** The columns of `minute_aggs_v1` and `day_aggs_v1` files, as their header names them. */
export const AGGS_COLUMNS = [
  'ticker',
  'volume',
  'open',
  'close',
  'high',
  'low',
  'window_start',
  'transactions',
] as const;
export type AggsColumn = (typeof AGGS_COLUMNS)[number];

/** Where each column is in a file's rows (mapped by name, so a reordered file still reads right). */
export interface AggsHeader {
  index: Record<AggsColumn, number>;
  /** Fields every row must have (the header's count). */
  width: number;
}

/** One row of a flat file, as numbers. */
export interface AggRow {
  ticker: string;
  /** window_start in epoch ms. */
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  /** Trade count; NaN where the file leaves the field empty (unknown, not zero). */
  trades: number;
}

/** Reads the header line (line 1). Every expected column must be there once; unknown extra ones are skipped. */
export function mapAggsHeader(line: string): AggsHeader {
  const names = line
    .replace(/^\uFEFF/, '')
    .split(',')
    .map((name) => name.trim().toLowerCase());
  const index = {} as Record<AggsColumn, number>;
  const missing: string[] = [];
  for (const column of AGGS_COLUMNS) {
    const at = names.indexOf(column);
    if (at < 0) missing.push(column);
    else if (names.indexOf(column, at + 1) >= 0)
      throw new FlatFileRejected(`the header names column "${column}" twice`, 1);
    else index[column] = at;
  }
  if (missing.length) {
    throw new FlatFileRejected(
      `the header "${line.slice(0, 120)}" lacks ${missing.join(', ')} (expected ${AGGS_COLUMNS.join(',')})`,
      1,
    );
  }
  return { index, width: names.length };
}

const DECIMAL = /^(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/** A non-negative decimal as the file writes it; parseFloat keeps exactly the value of the text. */
function decimal(text: string, column: string, line: number): number {
  if (DECIMAL.test(text)) return parseFloat(text);
  if (text.startsWith('-') && DECIMAL.test(text.slice(1)))
    throw new FlatFileRejected(`${column} ${text} is negative`, line);
  throw new FlatFileRejected(`${column} "${text}" is not a number`, line);
}

/**
 * Parses one data row (already split on commas and known to have `header.width` fields). Throws
 * FlatFileRejected naming the line and what is wrong: a field that is not a number, a negative
 * value, high below low, or a window_start that is not a whole millisecond.
 */
export function parseAggRow(fields: string[], header: AggsHeader, line: number): AggRow {
  const at = header.index;
  const ticker = fields[at.ticker];
  if (!ticker) throw new FlatFileRejected('the ticker is empty', line);
  const open = decimal(fields[at.open], 'open', line);
  const high = decimal(fields[at.high], 'high', line);
  const low = decimal(fields[at.low], 'low', line);
  const close = decimal(fields[at.close], 'close', line);
  const volume = decimal(fields[at.volume], 'volume', line);
  if (high < low)
    throw new FlatFileRejected(`${ticker}: high ${fields[at.high]} is below low ${fields[at.low]}`, line);
  const tradesText = fields[at.transactions];
  let trades = NaN;
  if (tradesText !== '') {
    if (!/^\d+$/.test(tradesText)) {
      throw new FlatFileRejected(
        tradesText.startsWith('-')
          ? `transactions ${tradesText} is negative`
          : `transactions "${tradesText}" is not a whole number`,
        line,
      );
    }
    trades = Number(tradesText);
  }
  let time: number;
  try {
    time = nanosToMillis(fields[at.window_start]);
  } catch (err) {
    throw new FlatFileRejected((err as Error).message, line);
  }
  return { ticker, time, open, high, low, close, volume, trades };
}

/** Number of fields in a CSV line without splitting it (rows of tickers not asked for are only counted). */
export function fieldCount(line: string): number {
  let count = 1;
  for (let i = line.indexOf(','); i >= 0; i = line.indexOf(',', i + 1)) count++;
  return count;
}

/** The field at `index` without splitting the whole line. */
export function fieldAt(line: string, index: number): string {
  let start = 0;
  for (let i = 0; i < index; i++) {
    const comma = line.indexOf(',', start);
    if (comma < 0) return '';
    start = comma + 1;
  }
  const end = line.indexOf(',', start);
  return end < 0 ? line.slice(start) : line.slice(start, end);
}
