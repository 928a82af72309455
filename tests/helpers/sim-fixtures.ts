import type { Database } from 'better-sqlite3';
import { loadTrainingSeries, type SeriesRef, type SeriesSplit } from '../../src/core/sim/dataset.js';
import { BarStore } from '../../src/core/store/bar-store.js';
import { upsertInstrument } from '../../src/core/store/instruments.js';
import { openDatabase } from '../../src/core/store/open-database.js';
import { leanMinuteZips, loadLeanMinuteZips } from './stock-bars.js';
import { storeTrainingSeries } from './training-data.js';
import { tempDir } from './paths.js';

/**
 * Real training series for the sim tests (BTCUSDT, ETHUSDT 1h 2021 with Binance's outages, AAPL 1h
 * regular sessions from yfinance), stored in a temp data dir once per test file and loaded with
 * the product's loader.
 */
export interface SimFixture {
  db: Database;
  dataDir: string;
  ref(symbol: string): SeriesRef;
  load(symbol: string, options?: Partial<Parameters<typeof loadTrainingSeries>[2]>): Promise<SeriesSplit>;
  close(): void;
}

export const SPLIT = { holdoutFraction: 0.2, validationFraction: 0.1, purgeBars: 24 };

export function openSimFixture(symbols: string[] = ['BTCUSDT', 'ETHUSDT', 'AAPL']): SimFixture {
  const dataDir = tempDir('tradelab-sim-');
  storeTrainingSeries(dataDir, { symbols });
  const db = openDatabase(dataDir);
  const ref = (symbol: string): SeriesRef => {
    const row = db.prepare(`SELECT id, symbol, market FROM instruments WHERE symbol = ?`).get(symbol) as
      { id: number; symbol: string; market: SeriesRef['market'] } | undefined;
    if (!row) throw new Error(`fixture: ${symbol} is not stored`);
    return { instrumentId: row.id, symbol: row.symbol, market: row.market, interval: '1h' };
  };
  return {
    db,
    dataDir,
    ref,
    load: (symbol, options = {}) => loadTrainingSeries(db, ref(symbol), { ...SPLIT, ...options }),
    close: () => db.close(),
  };
}

/**
 * Lean minute bars of a US ticker (real, with pre-market and after-hours minutes) stored as a
 * '1m' stock series in the fixture's database.
 */
export function storeLeanMinutes(fixture: SimFixture, ticker: string): SeriesRef {
  const columns = loadLeanMinuteZips(leanMinuteZips(ticker));
  const symbol = ticker.toUpperCase();
  const instrumentId = upsertInstrument(fixture.db, { symbol, venue: 'us', market: 'stock' }, Date.now());
  fixture.db.transaction(() =>
    new BarStore(fixture.db).writeBars({
      instrumentId,
      interval: '1m',
      source: 'test-real-data',
      rawFileId: null,
      columns,
    }),
  )();
  return { instrumentId, symbol, market: 'stock', interval: '1m' };
}
