import zlib from 'node:zlib';
import { newYorkMidnight, type SourceMinute } from './source-minutes.js';

/**
 * Day files in the exact layout and format of the Polygon / Massive flat files, written from real
 * minute bars only:
 * - keys `us_stocks_sip/{minute,day}_aggs_v1/YYYY/MM/YYYY-MM-DD.csv.gz`;
 * - gzip CSV with the header `ticker,volume,open,close,high,low,window_start,transactions`, rows
 *   sorted by ticker then time, `window_start` in integer NANOSECONDS since 1970 (beyond 2^53);
 * - minute files: one row per source minute bar, prices as the source's decimal text;
 * - day files: one row per ticker aggregated from that day's source minutes (first open, highest
 *   high, lowest low, last close, summed volume), stamped at New York midnight like Polygon's.
 * The sources (Lean, yfinance) carry no trade counts, so `transactions` is left EMPTY: writing 0
 * would claim "no trades"; the lab reads an empty field as unknown (NaN).
 */
export const FLAT_FILE_HEADER = 'ticker,volume,open,close,high,low,window_start,transactions';

export function minuteKey(date: string): string {
  return `us_stocks_sip/minute_aggs_v1/${date.slice(0, 4)}/${date.slice(5, 7)}/${date}.csv.gz`;
}

export function dayKey(date: string): string {
  return `us_stocks_sip/day_aggs_v1/${date.slice(0, 4)}/${date.slice(5, 7)}/${date}.csv.gz`;
}

/** Integer nanoseconds since 1970 of a UTC ms time, exactly (as text: it exceeds 2^53). */
export function nanosText(ms: number): string {
  return (BigInt(ms) * 1_000_000n).toString();
}

function row(bar: SourceMinute): string {
  return [bar.ticker, bar.volume, bar.open, bar.close, bar.high, bar.low, nanosText(bar.time), ''].join(',');
}

function byTickerThenTime(a: SourceMinute, b: SourceMinute): number {
  return a.ticker < b.ticker ? -1 : a.ticker > b.ticker ? 1 : a.time - b.time;
}

function byTimeThenTicker(a: SourceMinute, b: SourceMinute): number {
  return a.time - b.time || (a.ticker < b.ticker ? -1 : a.ticker > b.ticker ? 1 : 0);
}

/**
 * The decompressed text of a minute_aggs_v1 day file: rows by ticker then time like the real
 * files, or by time then ticker (the same bars, other bytes: a re-published file with a new ETag).
 */
export function minuteAggsCsv(minutes: SourceMinute[], order: 'ticker' | 'time' = 'ticker'): string {
  const sorted = [...minutes].sort(order === 'ticker' ? byTickerThenTime : byTimeThenTicker);
  return [FLAT_FILE_HEADER, ...sorted.map(row)].join('\n') + '\n';
}

/** One ticker's day bar from its minutes of that day (prices keep the text of the chosen minute). */
export function dayAggregate(minutes: SourceMinute[]): SourceMinute {
  const sorted = [...minutes].sort(byTickerThenTime);
  let high = sorted[0].high;
  let low = sorted[0].low;
  let volume = 0;
  for (const m of sorted) {
    if (parseFloat(m.high) > parseFloat(high)) high = m.high;
    if (parseFloat(m.low) < parseFloat(low)) low = m.low;
    volume += Number(m.volume);
  }
  const first = sorted[0];
  return {
    ticker: first.ticker,
    date: first.date,
    time: newYorkMidnight(first.date),
    open: first.open,
    high,
    low,
    close: sorted[sorted.length - 1].close,
    volume: String(volume),
  };
}

/** Day bars of every ticker in a day's minutes. */
export function dayAggregates(minutes: SourceMinute[]): SourceMinute[] {
  const byTicker = new Map<string, SourceMinute[]>();
  for (const m of minutes) byTicker.set(m.ticker, [...(byTicker.get(m.ticker) ?? []), m]);
  return [...byTicker.values()].map(dayAggregate).sort(byTickerThenTime);
}

/** The decompressed text of a day_aggs_v1 day file. */
export function dayAggsCsv(minutes: SourceMinute[]): string {
  return [FLAT_FILE_HEADER, ...dayAggregates(minutes).map(row)].join('\n') + '\n';
}

export function gzipText(text: string): Buffer {
  return zlib.gzipSync(Buffer.from(text, 'utf8'));
}

/**
 * A gzip whose stored CRC-32 no longer matches: every row still decompresses and parses, and only
 * the trailer at the very end shows the damage (the file must still store nothing).
 */
export function withBadCrc(gzip: Buffer): Buffer {
  const copy = Buffer.from(gzip);
  copy.writeUInt32LE((copy.readUInt32LE(copy.length - 8) ^ 0xffffffff) >>> 0, copy.length - 8);
  return copy;
}

/** CSV text with line `line` (1-based, the header is line 1) replaced by what `edit` makes of its fields. */
export function withLineEdited(csv: string, line: number, edit: (fields: string[]) => string[]): string {
  const lines = csv.split('\n');
  lines[line - 1] = edit(lines[line - 1].split(',')).join(',');
  return lines.join('\n');
}
