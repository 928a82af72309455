import { isKnownInterval } from '../../time/intervals.js';

export type BinanceMarket = 'spot' | 'um';

export interface KlineFileName {
  symbol: string;
  interval: string;
  /** "monthly" for SYMBOL-INTERVAL-YYYY-MM, "daily" for SYMBOL-INTERVAL-YYYY-MM-DD. */
  period: 'monthly' | 'daily';
  /** YYYY-MM or YYYY-MM-DD as in the name. */
  date: string;
  format: 'zip' | 'csv';
}

const KLINE_NAME = /^([A-Z0-9]{2,30})-(\d+(?:s|m|h|d|w|mo))-(\d{4})-(\d{2})(?:-(\d{2}))?\.(zip|csv)$/;

/**
 * Parses the official Data Vision kline file names, e.g. `BTCUSDT-1m-2020-01-01.zip` (daily) and
 * `BTCUSDT-1h-2021-04.csv` (monthly). Returns an error sentence for anything else.
 */
export function parseKlineFileName(fileName: string): KlineFileName | { error: string } {
  const m = KLINE_NAME.exec(fileName);
  if (!m) {
    return {
      error: `cannot parse the file name: expected SYMBOL-INTERVAL-YYYY-MM[-DD].zip or .csv as published by data.binance.vision (e.g. BTCUSDT-1m-2024-01-01.zip)`,
    };
  }
  const [, symbol, interval, year, month, day, format] = m;
  if (!isKnownInterval(interval)) return { error: `unknown interval "${interval}" in the file name` };
  const monthNumber = Number(month);
  if (monthNumber < 1 || monthNumber > 12) return { error: `invalid month "${month}" in the file name` };
  if (day !== undefined) {
    const date = new Date(`${year}-${month}-${day}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(day)) {
      return { error: `invalid date "${year}-${month}-${day}" in the file name` };
    }
  }
  return {
    symbol,
    interval,
    period: day === undefined ? 'monthly' : 'daily',
    date: day === undefined ? `${year}-${month}` : `${year}-${month}-${day}`,
    format: format as 'zip' | 'csv',
  };
}

/**
 * Spot or USD-M futures from the Data Vision folder layout (`…/spot/…`, `…/futures/um/…`).
 * Returns undefined when the path does not say; COIN-M (`futures/cm`) is named so it can be refused.
 */
export function inferMarketFromPath(filePath: string): BinanceMarket | 'cm' | undefined {
  const parts = filePath.replace(/\\/g, '/').split('/');
  for (let i = parts.length - 1; i >= 0; i--) {
    if (parts[i] === 'spot') return 'spot';
    if (parts[i] === 'futures' && parts[i + 1] === 'um') return 'um';
    if (parts[i] === 'futures' && parts[i + 1] === 'cm') return 'cm';
  }
  return undefined;
}

const QUOTES = [
  'FDUSD',
  'USDT',
  'USDC',
  'BUSD',
  'TUSD',
  'USDP',
  'DAI',
  'BTC',
  'ETH',
  'BNB',
  'EUR',
  'TRY',
  'BRL',
  'GBP',
  'JPY',
];

/** Splits a Binance symbol into base and quote asset by its known quote suffixes. */
export function splitSymbol(symbol: string): { base: string | null; quote: string | null } {
  for (const quote of QUOTES) {
    if (symbol.endsWith(quote) && symbol.length > quote.length) {
      return { base: symbol.slice(0, -quote.length), quote };
    }
  }
  return { base: null, quote: null };
}
