import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src/core/store/migrate.js';
import { resolveBinanceEndpoints } from '../../src/core/settings/binance-endpoints.js';
import { readSettings, settingDefaults, writeSettings } from '../../src/core/settings/settings-repo.js';

describe('settings', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = new Database(':memory:');
    migrate(db);
  });
  afterEach(() => db.close());

  it('gives defaults with their source when nothing is set', () => {
    const s = readSettings(db, {});
    expect(s.binanceVisionUrl).toEqual({ value: settingDefaults.binanceVisionUrl, source: 'default' });
    expect(s.downloadConcurrency).toEqual({ value: 8, source: 'default' });
  });

  it('prefers env over stored values, and null clears a stored value', () => {
    writeSettings(db, { binanceRestUrl: 'http://mirror.local/', downloadConcurrency: 4 });
    expect(readSettings(db, {}).binanceRestUrl).toEqual({ value: 'http://mirror.local', source: 'stored' });
    expect(readSettings(db, {}).downloadConcurrency).toEqual({ value: 4, source: 'stored' });
    expect(readSettings(db, { TRADELAB_BINANCE_REST_URL: 'http://env.local/' }).binanceRestUrl).toEqual({
      value: 'http://env.local',
      source: 'env',
    });
    writeSettings(db, { binanceRestUrl: null });
    expect(readSettings(db, {}).binanceRestUrl.source).toBe('default');
  });

  it('lets one mirror serve listing and futures when only the main URL is set', () => {
    const s = readSettings(db, {
      TRADELAB_BINANCE_VISION_URL: 'http://127.0.0.1:9',
      TRADELAB_BINANCE_REST_URL: 'http://127.0.0.1:8',
    });
    expect(s.binanceVisionListUrl.value).toBe('http://127.0.0.1:9');
    expect(s.binanceRestFuturesUrl.value).toBe('http://127.0.0.1:8');
  });

  it('reads the stock and alternative-data sources from the names their providers document', () => {
    const s = readSettings(db, {
      POLYGON_S3_ENDPOINT: 'http://127.0.0.1:4569/',
      POLYGON_S3_BUCKET: 'mirror',
    });
    expect(s.polygonS3Endpoint).toEqual({ value: 'http://127.0.0.1:4569', source: 'env' });
    expect(s.polygonS3Bucket).toEqual({ value: 'mirror', source: 'env' });
    expect(s.yahooUrl).toEqual({ value: 'https://query2.finance.yahoo.com', source: 'default' });
    expect(readSettings(db, { TRADELAB_COINGECKO_URL: 'http://cg.local' }).coingeckoUrl.value).toBe(
      'http://cg.local',
    );
  });

  it('keeps the stock ticker list as a list, upper-cased and without repeats', () => {
    expect(readSettings(db, {}).stockTickers.value).toContain('AAPL');
    expect(readSettings(db, {}).stockTickers.value.length).toBeGreaterThanOrEqual(25);
    writeSettings(db, { stockTickers: ['AAPL', 'BRK.B', 'SPY'] });
    expect(readSettings(db, {}).stockTickers).toEqual({ value: ['AAPL', 'BRK.B', 'SPY'], source: 'stored' });
    expect(readSettings(db, { TRADELAB_STOCK_TICKERS: 'msft, nvda,msft' }).stockTickers).toEqual({
      value: ['MSFT', 'NVDA'],
      source: 'env',
    });
    writeSettings(db, { stockTickers: null });
    expect(readSettings(db, {}).stockTickers.source).toBe('default');
  });

  it('refuses a ticker list with something that is not a ticker, naming the variable and the entry', () => {
    expect(() => readSettings(db, { TRADELAB_STOCK_TICKERS: 'AAPL,$$$' })).toThrow(
      /TRADELAB_STOCK_TICKERS.*\$\$\$/,
    );
  });

  it('refuses a concurrency outside 1..32 naming the variable', () => {
    expect(() => readSettings(db, { TRADELAB_DOWNLOAD_CONCURRENCY: '0' })).toThrow(
      /TRADELAB_DOWNLOAD_CONCURRENCY/,
    );
  });
});

describe('resolveBinanceEndpoints', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = new Database(':memory:');
    migrate(db);
  });
  afterEach(() => db.close());

  it('uses flags first, and a --vision-url mirror also serves its listing', () => {
    const e = resolveBinanceEndpoints(
      db,
      { TRADELAB_BINANCE_VISION_URL: 'http://env' },
      { visionUrl: 'http://flag/', restUrl: 'http://rest' },
    );
    expect(e).toEqual({
      visionUrl: 'http://flag',
      visionListUrl: 'http://flag',
      restUrl: 'http://rest',
      restFuturesUrl: 'http://rest',
    });
  });

  it('keeps an explicitly configured listing URL even when the download URL is a flag', () => {
    writeSettings(db, { binanceVisionListUrl: 'http://list' });
    expect(resolveBinanceEndpoints(db, {}, { visionUrl: 'http://flag' }).visionListUrl).toBe('http://list');
  });

  it('falls back to the public endpoints', () => {
    expect(resolveBinanceEndpoints(db, {})).toEqual({
      visionUrl: 'https://data.binance.vision',
      visionListUrl: 'https://s3-ap-northeast-1.amazonaws.com/data.binance.vision',
      restUrl: 'https://api.binance.com',
      restFuturesUrl: 'https://fapi.binance.com',
    });
  });
});
