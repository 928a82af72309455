import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { klineRowsToColumns } from '../../src/core/ingest/binance/rest/parse-rest.js';
import { BinanceRestError } from '../../src/core/ingest/binance/rest/rest-errors.js';
import {
  insertPremiumIndex,
  latestFundingTime,
  latestMetricsTime,
  readFundingRates,
  readFuturesMetrics,
  readPremiumIndex,
  upsertFundingRates,
  upsertFuturesMetrics,
} from '../../src/core/store/futures-data.js';
import { upsertInstrument } from '../../src/core/store/instruments.js';
import { migrate } from '../../src/core/store/migrate.js';
import { dataPath } from '../helpers/paths.js';

let db: Db;
let btc: number;
let eth: number;
beforeEach(() => {
  db = new Database(':memory:');
  migrate(db);
  btc = upsertInstrument(db, { symbol: 'BTCUSDT', venue: 'binance', market: 'crypto-perp' }, 0);
  eth = upsertInstrument(db, { symbol: 'ETHUSDT', venue: 'binance', market: 'crypto-perp' }, 0);
});
afterEach(() => db.close());

describe('futures data store', () => {
  it('upserts funding rates on (instrument, time), keeping ms-exact times, and reads ranges', () => {
    expect(
      upsertFundingRates(
        db,
        btc,
        [
          { time: 1768233600000, rate: 0.0000465 },
          { time: 1768262400007, rate: 0.00002245, markPrice: 91000.5 },
        ],
        'binance-rest',
      ),
    ).toBe(2);
    upsertFundingRates(db, btc, [{ time: 1768262400007, rate: 0.00002, intervalHours: 8 }], 'binance-vision');
    upsertFundingRates(db, eth, [{ time: 1768262400000, rate: 0.0001 }], 'binance-rest');
    expect(readFundingRates(db, btc)).toEqual([
      { time: 1768233600000, rate: 0.0000465, intervalHours: null, markPrice: null, source: 'binance-rest' },
      { time: 1768262400007, rate: 0.00002, intervalHours: 8, markPrice: null, source: 'binance-vision' },
    ]);
    expect(readFundingRates(db, btc, 1768233600001).map((r) => r.time)).toEqual([1768262400007]);
    expect(readFundingRates(db, btc, 0, 1768262400007).map((r) => r.time)).toEqual([1768233600000]);
    expect(latestFundingTime(db, btc)).toBe(1768262400007);
    expect(
      latestFundingTime(
        db,
        upsertInstrument(db, { symbol: 'SOLUSDT', venue: 'binance', market: 'crypto-perp' }, 0),
      ),
    ).toBeNull();
  });

  it('keeps metrics per period and replaces a row with the same time', () => {
    upsertFuturesMetrics(
      db,
      btc,
      '4h',
      [{ time: 1000, openInterest: 1, openInterestValue: 2 }],
      'binance-rest',
    );
    upsertFuturesMetrics(
      db,
      btc,
      '5m',
      [{ time: 1000, openInterest: 3, openInterestValue: 4, takerBuySellRatio: 1.1 }],
      'binance-vision',
    );
    upsertFuturesMetrics(
      db,
      btc,
      '4h',
      [{ time: 1000, openInterest: 5, openInterestValue: null }],
      'binance-rest',
    );
    expect(readFuturesMetrics(db, btc, '4h')).toEqual([
      {
        time: 1000,
        openInterest: 5,
        openInterestValue: null,
        topTraderAccountRatio: null,
        topTraderPositionRatio: null,
        longShortAccountRatio: null,
        takerBuySellRatio: null,
        source: 'binance-rest',
      },
    ]);
    expect(readFuturesMetrics(db, btc, '5m')[0]).toMatchObject({ openInterest: 3, takerBuySellRatio: 1.1 });
    expect(latestMetricsTime(db, btc, '4h')).toBe(1000);
    expect(latestMetricsTime(db, btc, '1d')).toBeNull();
  });

  it('writes all rows or none', () => {
    const rows = [
      { time: 1, rate: 0.1 },
      { time: 2, rate: Number.NaN as unknown as number },
    ];
    // NaN binds as NULL, which the NOT NULL rate column refuses: the first row must not stay either.
    expect(() => upsertFundingRates(db, btc, rows, 'x')).toThrow();
    expect(readFundingRates(db, btc)).toEqual([]);
  });

  it('stores premium index readings', () => {
    const row = {
      time: 5,
      markPrice: 1.5,
      indexPrice: null,
      lastFundingRate: 0.0001,
      nextFundingTime: 10,
      interestRate: null,
    };
    insertPremiumIndex(db, btc, row);
    expect(readPremiumIndex(db, btc)).toEqual([row]);
  });
});

describe('klineRowsToColumns', () => {
  it('reads the recorded /api/v3/klines answer into all ten columns', () => {
    const rows = JSON.parse(
      fs.readFileSync(dataPath('binance/rest/nautilus/http_spot_market_klines.json'), 'utf8'),
    ) as unknown[][];
    const columns = klineRowsToColumns(rows, 'GET /api/v3/klines');
    expect(columns.time[0]).toBe(1634943780000);
    expect([columns.open[0], columns.high[0], columns.low[0], columns.close[0], columns.volume[0]]).toEqual([
      60685.22, 60729.84, 60670.9, 60719.27, 21.63272,
    ]);
    expect([
      columns.quoteVolume![0],
      columns.trades![0],
      columns.takerBuyBase![0],
      columns.takerBuyQuote![0],
    ]).toEqual([1313200.0134041, 617, 12.28492, 745719.4102284]);
    expect(columns.time.length).toBe(rows.length);
  });

  it('refuses rows that are not Binance klines, naming the endpoint', () => {
    const bad = (rows: unknown[]) => () => klineRowsToColumns(rows, 'GET /fapi/v1/klines');
    expect(bad([[1, '1', '1', '1', '1', '1', 2, '1', 1, '1']])).toThrow(BinanceRestError);
    expect(bad([[1, 'x', '1', '1', '1', '1', 2, '1', 1, '1', '1', '0']])).toThrow(
      /GET \/fapi\/v1\/klines answered with open = "x"/,
    );
    const row = (t: number) => [t, '1', '1', '1', '1', '1', t + 1, '1', 1, '1', '1', '0'];
    expect(bad([row(2), row(1)])).toThrow(/out of order/);
  });
});
