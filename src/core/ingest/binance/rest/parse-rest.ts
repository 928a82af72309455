import { allocateColumns, type BarColumns } from '../../../store/bar-columns.js';
import { BinanceRestError } from './rest-errors.js';

/**
 * Readers of Binance's JSON answers. Binance sends prices and volumes as decimal strings and times
 * as integers; anything else means the server (or a proxy in front of it) is not speaking Binance,
 * which is reported with the endpoint rather than stored as NaN.
 */

export function badResponse(endpoint: string, what: string): BinanceRestError {
  return new BinanceRestError(
    'bad-response',
    `${endpoint} answered with ${what}, not what Binance documents. Check that the REST URL in Settings points at Binance or a faithful mirror.`,
  );
}

export function expectArray(value: unknown, endpoint: string): unknown[] {
  if (!Array.isArray(value)) throw badResponse(endpoint, `${describe(value)} where a list was expected`);
  return value;
}

export function expectObject(value: unknown, endpoint: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badResponse(endpoint, `${describe(value)} where an object was expected`);
  }
  return value as Record<string, unknown>;
}

/** A finite number from a JSON number or decimal string. */
export function num(value: unknown, field: string, endpoint: string): number {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : NaN;
  if (!Number.isFinite(n)) throw badResponse(endpoint, `${field} = ${JSON.stringify(value)}`);
  return n;
}

/** Like `num`, but absent, null and "" (Binance leaves some fields empty) read as null. */
export function numOrNull(value: unknown, field: string, endpoint: string): number | null {
  if (value === undefined || value === null || value === '') return null;
  return num(value, field, endpoint);
}

export function str(value: unknown, field: string, endpoint: string): string {
  if (typeof value !== 'string' || value === '')
    throw badResponse(endpoint, `${field} = ${JSON.stringify(value)}`);
  return value;
}

/**
 * Kline rows (`[openTime, open, high, low, close, volume, closeTime, quoteVolume, trades,
 * takerBuyBase, takerBuyQuote, ignore]`) into all ten bar columns, in strictly increasing time.
 */
export function klineRowsToColumns(rows: unknown[], endpoint: string): BarColumns {
  const cols = allocateColumns(rows.length, true);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!Array.isArray(row) || row.length < 11)
      throw badResponse(endpoint, `kline row ${i} = ${JSON.stringify(row)?.slice(0, 80)}`);
    const time = num(row[0], `open time of row ${i}`, endpoint);
    if (i > 0 && time <= cols.time[i - 1]) throw badResponse(endpoint, `klines out of order at row ${i}`);
    cols.time[i] = time;
    cols.open[i] = num(row[1], 'open', endpoint);
    cols.high[i] = num(row[2], 'high', endpoint);
    cols.low[i] = num(row[3], 'low', endpoint);
    cols.close[i] = num(row[4], 'close', endpoint);
    cols.volume[i] = num(row[5], 'volume', endpoint);
    cols.quoteVolume![i] = num(row[7], 'quote volume', endpoint);
    cols.trades![i] = num(row[8], 'trade count', endpoint);
    cols.takerBuyBase![i] = num(row[9], 'taker buy base volume', endpoint);
    cols.takerBuyQuote![i] = num(row[10], 'taker buy quote volume', endpoint);
  }
  return cols;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.slice(0, 60))}`;
  return typeof value === 'object' ? 'an object' : `the ${typeof value} ${String(value)}`;
}
