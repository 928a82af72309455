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
    expect(readSettings(db, { TRADELAB_BINANCE_REST_URL: 'http://env.local/' }).binanceRestUrl).toEqual({ value: 'http://env.local', source: 'env' });
    writeSettings(db, { binanceRestUrl: null });
    expect(readSettings(db, {}).binanceRestUrl.source).toBe('default');
  });

  it('lets one mirror serve listing and futures when only the main URL is set', () => {
    const s = readSettings(db, { TRADELAB_BINANCE_VISION_URL: 'http://127.0.0.1:9', TRADELAB_BINANCE_REST_URL: 'http://127.0.0.1:8' });
    expect(s.binanceVisionListUrl.value).toBe('http://127.0.0.1:9');
    expect(s.binanceRestFuturesUrl.value).toBe('http://127.0.0.1:8');
  });

  it('refuses a concurrency outside 1..32 naming the variable', () => {
    expect(() => readSettings(db, { TRADELAB_DOWNLOAD_CONCURRENCY: '0' })).toThrow(/TRADELAB_DOWNLOAD_CONCURRENCY/);
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
    const e = resolveBinanceEndpoints(db, { TRADELAB_BINANCE_VISION_URL: 'http://env' }, { visionUrl: 'http://flag/', restUrl: 'http://rest' });
    expect(e).toEqual({ visionUrl: 'http://flag', visionListUrl: 'http://flag', restUrl: 'http://rest', restFuturesUrl: 'http://rest' });
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
