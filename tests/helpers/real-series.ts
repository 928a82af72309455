import fs from 'node:fs';
import path from 'node:path';
import { parseKlineCsv } from '../../src/core/ingest/binance/kline-csv.js';
import {
  allocateColumns,
  CORE_COLUMNS,
  EXTRA_COLUMNS,
  type BarColumns,
} from '../../src/core/store/bar-columns.js';
import { dataPath } from './paths.js';
import { leanMinuteZips, loadLeanMinuteZips, loadYfinanceCsv } from './stock-bars.js';

/**
 * Real bar series from ../shared/data for the feature tests (kernels, streaming parity, leakage),
 * read at run time and memoised per process, so several tests in one file parse each file once.
 * Callers must not write into the returned columns (they are shared); copy first if needed.
 *
 * What is there (see ../shared/data/PROVENANCE.md):
 * - spot monthly 1h: BTCUSDT and ETHUSDT, 2017-08 .. 2023-05 (~43k bars each, no header);
 * - USD-M futures monthly 1m: AVAXUSDT 2026-07 (44,640 bars), LINKUSDT 2023-02 (40,320 bars);
 * - stock minutes: Lean SPY (7 days) and AAPL (3 days) with extended hours, yfinance 1m/5m/1h.
 */

export type BinanceMarket = 'spot' | 'um';

export interface BinanceSeriesOptions {
  /** 'spot' (default) or 'um' (USD-M futures). */
  market?: BinanceMarket;
  /** Only the monthly files whose name matches, e.g. /2022-/ for the months of 2022. */
  months?: RegExp;
}

const memo = new Map<string, BarColumns>();

function memoised(key: string, load: () => BarColumns): BarColumns {
  let value = memo.get(key);
  if (!value) {
    value = load();
    memo.set(key, value);
  }
  return value;
}

/** The Data Vision monthly kline CSVs of a symbol and interval, sorted by month. */
export function binanceMonthlyFiles(symbol: string, interval: string, options: BinanceSeriesOptions = {}) {
  const market = options.market ?? 'spot';
  const root =
    market === 'spot' ? 'binance/spot/monthly/klines-csv' : 'binance/futures/um/monthly/klines-csv';
  const dir = dataPath(root, symbol, interval);
  if (!fs.existsSync(dir)) throw new Error(`no ${market} ${symbol} ${interval} monthly klines under ${dir}`);
  const files = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.csv') && (!options.months || options.months.test(name)))
    .sort()
    .map((name) => path.join(dir, name));
  if (files.length === 0) {
    throw new Error(
      `no ${market} ${symbol} ${interval} monthly CSV matches ${String(options.months)} in ${dir}`,
    );
  }
  return files;
}

/**
 * A Binance symbol's monthly kline CSVs parsed with the product parser and joined in month order
 * (all columns, extras included). E.g. `loadBinanceSeries('BTCUSDT', '1h')` (~43k spot bars) or
 * `loadBinanceSeries('LINKUSDT', '1m', { market: 'um' })`.
 */
export function loadBinanceSeries(
  symbol: string,
  interval: string,
  options: BinanceSeriesOptions = {},
): BarColumns {
  const key = `binance:${options.market ?? 'spot'}:${symbol}:${interval}:${String(options.months ?? '')}`;
  return memoised(key, () =>
    joinColumns(
      binanceMonthlyFiles(symbol, interval, options).map((file) => parseKlineCsv(fs.readFileSync(file))),
    ),
  );
}

/** The USD-M futures 1m months on disk: AVAXUSDT (2026-07) and LINKUSDT (2023-02). */
export const FUTURES_1M_SYMBOLS = ['AVAXUSDT', 'LINKUSDT'] as const;

/** One USD-M futures symbol's 1m month(s), e.g. `loadFuturesMinutes('LINKUSDT')` (40,320 bars). */
export function loadFuturesMinutes(symbol: (typeof FUTURES_1M_SYMBOLS)[number]): BarColumns {
  return loadBinanceSeries(symbol, '1m', { market: 'um' });
}

export type StockMinuteSource = 'lean' | 'yfinance';

/**
 * Real US stock bars, delegating to tests/helpers/stock-bars.ts: `loadStockMinutes('spy')` reads the
 * Lean minute zips (with pre-market and after-hours bars, ~7 days of SPY); `loadStockMinutes('AAPL',
 * 'yfinance')` reads yahoo/yfinance-csv/AAPL_1m.csv (regular hours). `interval` picks the yfinance
 * file (1m, 5m, 1h; only AAPL has all three).
 */
export function loadStockMinutes(
  ticker: string,
  source: StockMinuteSource = 'lean',
  interval = '1m',
): BarColumns {
  if (source === 'lean') {
    return memoised(`lean:${ticker.toLowerCase()}`, () =>
      loadLeanMinuteZips(leanMinuteZips(ticker.toLowerCase())),
    );
  }
  const file = dataPath('yahoo/yfinance-csv', `${ticker.toUpperCase()}_${interval}.csv`);
  return memoised(`yfinance:${file}`, () => loadYfinanceCsv(file));
}

/**
 * Joins runs of bars in the given order. Extra columns are kept when every part has them.
 * Refuses runs that overlap or go back in time, naming the first offending row.
 */
export function joinColumns(parts: BarColumns[]): BarColumns {
  const total = parts.reduce((sum, p) => sum + p.time.length, 0);
  const withExtras = parts.length > 0 && parts.every((p) => EXTRA_COLUMNS.every((name) => p[name]));
  const out = allocateColumns(total, withExtras);
  const names = withExtras ? [...CORE_COLUMNS, ...EXTRA_COLUMNS] : CORE_COLUMNS;
  let offset = 0;
  for (const part of parts) {
    if (offset > 0 && part.time.length > 0 && part.time[0] <= out.time[offset - 1]) {
      throw new Error(
        `joinColumns: part starting ${new Date(part.time[0]).toISOString()} does not follow ` +
          `${new Date(out.time[offset - 1]).toISOString()}`,
      );
    }
    for (const name of names) out[name]!.set(part[name]!, offset);
    offset += part.time.length;
  }
  return out;
}
