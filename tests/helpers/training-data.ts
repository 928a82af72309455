import { openDatabase } from '../../src/core/store/open-database.js';
import { BarStore } from '../../src/core/store/bar-store.js';
import { upsertInstrument } from '../../src/core/store/instruments.js';
import { sliceColumns, type BarColumns } from '../../src/core/store/bar-columns.js';
import type { MarketKind } from '../../src/shared/contract/index.js';
import { loadBinanceSeries } from './real-series.js';
import { loadYfinanceCsv } from './stock-bars.js';
import { dataPath } from './paths.js';

/**
 * Real series for training tests, written into a data dir's bar store the way the fetch jobs
 * store them (Binance spot 1h as crypto-spot on venue "binance", yfinance 1h as stock on venue
 * "us"): BTCUSDT and ETHUSDT 1h 2021 (8,7xx bars each, with the exchange's real outages) and
 * AAPL 1h regular-session bars from yfinance (2022-03 .. , ~5,000 bars).
 */
export interface StoredTrainingSeries {
  symbol: string;
  market: MarketKind;
  interval: string;
  bars: number;
}

const SOURCES: { symbol: string; market: MarketKind; venue: string; load: () => BarColumns }[] = [
  {
    symbol: 'BTCUSDT',
    market: 'crypto-spot',
    venue: 'binance',
    load: () => loadBinanceSeries('BTCUSDT', '1h', { months: /2021-/ }),
  },
  {
    symbol: 'ETHUSDT',
    market: 'crypto-spot',
    venue: 'binance',
    load: () => loadBinanceSeries('ETHUSDT', '1h', { months: /2021-/ }),
  },
  {
    symbol: 'AAPL',
    market: 'stock',
    venue: 'us',
    load: () => loadYfinanceCsv(dataPath('yahoo', 'yfinance-csv', 'AAPL_1h.csv')),
  },
];

/**
 * Writes the training series into `dataDir` (creating the database) and returns what was stored.
 * `symbols` picks a subset; `maxBars` keeps only each series' last bars (smaller, faster tests).
 */
export function storeTrainingSeries(
  dataDir: string,
  options: { symbols?: string[]; maxBars?: number } = {},
): StoredTrainingSeries[] {
  const db = openDatabase(dataDir);
  try {
    const store = new BarStore(db);
    const stored: StoredTrainingSeries[] = [];
    for (const source of SOURCES) {
      if (options.symbols && !options.symbols.includes(source.symbol)) continue;
      let columns = source.load();
      const n = columns.time.length;
      if (options.maxBars !== undefined && n > options.maxBars)
        columns = sliceColumns(columns, n - options.maxBars, n);
      const instrumentId = upsertInstrument(
        db,
        { symbol: source.symbol, venue: source.venue, market: source.market },
        Date.now(),
      );
      db.transaction(() =>
        store.writeBars({ instrumentId, interval: '1h', source: 'test-real-data', rawFileId: null, columns }),
      )();
      stored.push({
        symbol: source.symbol,
        market: source.market,
        interval: '1h',
        bars: columns.time.length,
      });
    }
    return stored;
  } finally {
    db.close();
  }
}
