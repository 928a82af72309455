import type { Database } from 'better-sqlite3';
import type { LabSettings, SettingKey, SettingsPatch } from '../../shared/contract/index.js';
import { ComputeBackendSetting, StockTicker } from '../../shared/contract/index.js';
import { defaultStockTickers } from '../../shared/stock-tickers.js';
import { cachedStatement } from '../store/statement-cache.js';

/** Built-in values: the public Binance endpoints and eight parallel downloads. */
export const settingDefaults = {
  binanceVisionUrl: 'https://data.binance.vision',
  // data.binance.vision's own page lists files through the bucket's S3 endpoint, not the CDN.
  binanceVisionListUrl: 'https://s3-ap-northeast-1.amazonaws.com/data.binance.vision',
  binanceRestUrl: 'https://api.binance.com',
  binanceRestFuturesUrl: 'https://fapi.binance.com',
  downloadConcurrency: 8,
  // Massive (formerly Polygon.io) serves the flat files from its own S3-compatible endpoint.
  polygonS3Endpoint: 'https://files.massive.com',
  polygonS3Bucket: 'flatfiles',
  yahooUrl: 'https://query2.finance.yahoo.com',
  coingeckoUrl: 'https://api.coingecko.com/api/v3',
  stockTickers: defaultStockTickers.join(','),
  computeBackend: 'auto',
} as const satisfies Record<SettingKey, string | number>;

/** Environment variables that override a setting in the server and the CLI. */
export const settingEnvNames: Record<SettingKey, string> = {
  binanceVisionUrl: 'TRADELAB_BINANCE_VISION_URL',
  binanceVisionListUrl: 'TRADELAB_BINANCE_VISION_LIST_URL',
  binanceRestUrl: 'TRADELAB_BINANCE_REST_URL',
  binanceRestFuturesUrl: 'TRADELAB_BINANCE_REST_FUTURES_URL',
  downloadConcurrency: 'TRADELAB_DOWNLOAD_CONCURRENCY',
  // Named as the issue and Massive's own docs name them, so existing shell setups work.
  polygonS3Endpoint: 'POLYGON_S3_ENDPOINT',
  polygonS3Bucket: 'POLYGON_S3_BUCKET',
  yahooUrl: 'TRADELAB_YAHOO_URL',
  coingeckoUrl: 'TRADELAB_COINGECKO_URL',
  stockTickers: 'TRADELAB_STOCK_TICKERS',
  computeBackend: 'TRADELAB_COMPUTE_BACKEND',
};

type Env = Record<string, string | undefined>;

function storedValues(db: Database): Partial<Record<SettingKey, string>> {
  const rows = cachedStatement(db, 'SELECT key, value FROM settings').all() as {
    key: SettingKey;
    value: string;
  }[];
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

/**
 * Effective settings with where each came from. A mirror given only as the download URL also
 * serves the listing and a REST proxy given only as the spot URL also serves futures, unless
 * those are set on their own: users run one mirror for everything far more often than two.
 */
export function readSettings(db: Database, env: Env): LabSettings {
  const stored = storedValues(db);
  const pick = (key: SettingKey) => {
    const fromEnv = env[settingEnvNames[key]];
    if (fromEnv !== undefined && fromEnv.trim() !== '')
      return { value: fromEnv.trim().replace(/\/+$/, ''), source: 'env' as const };
    if (stored[key] !== undefined) return { value: stored[key]!, source: 'stored' as const };
    return { value: String(settingDefaults[key]), source: 'default' as const };
  };
  const visionUrl = pick('binanceVisionUrl');
  let visionListUrl = pick('binanceVisionListUrl');
  if (visionListUrl.source === 'default' && visionUrl.source !== 'default') visionListUrl = { ...visionUrl };
  const restUrl = pick('binanceRestUrl');
  let restFuturesUrl = pick('binanceRestFuturesUrl');
  if (restFuturesUrl.source === 'default' && restUrl.source !== 'default') restFuturesUrl = { ...restUrl };
  const concurrency = pick('downloadConcurrency');
  const concurrencyValue = Number(concurrency.value);
  if (!Number.isInteger(concurrencyValue) || concurrencyValue < 1 || concurrencyValue > 32) {
    throw new Error(
      `download concurrency "${concurrency.value}" (from ${concurrency.source === 'env' ? settingEnvNames.downloadConcurrency : 'settings'}) must be a whole number from 1 to 32`,
    );
  }
  const tickers = pick('stockTickers');
  const backend = pick('computeBackend');
  const backendValue = ComputeBackendSetting.safeParse(backend.value);
  if (!backendValue.success) {
    throw new Error(
      `compute backend "${backend.value}" (from ${backend.source === 'env' ? settingEnvNames.computeBackend : 'settings'}) must be one of ${ComputeBackendSetting.options.join(', ')}`,
    );
  }
  return {
    computeBackend: { value: backendValue.data, source: backend.source },
    polygonS3Endpoint: pick('polygonS3Endpoint'),
    polygonS3Bucket: pick('polygonS3Bucket'),
    yahooUrl: pick('yahooUrl'),
    coingeckoUrl: pick('coingeckoUrl'),
    stockTickers: { value: parseTickerList(tickers.value, tickers.source), source: tickers.source },
    binanceVisionUrl: visionUrl,
    binanceVisionListUrl: visionListUrl,
    binanceRestUrl: restUrl,
    binanceRestFuturesUrl: restFuturesUrl,
    downloadConcurrency: { value: concurrencyValue, source: concurrency.source },
  };
}

/** A comma-separated ticker list as stored or given in TRADELAB_STOCK_TICKERS, checked. */
function parseTickerList(value: string, source: string): string[] {
  const tickers = value
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((t) => t.toUpperCase());
  const bad = tickers.filter((t) => !StockTicker.safeParse(t).success);
  if (tickers.length === 0 || bad.length > 0) {
    const where = source === 'env' ? settingEnvNames.stockTickers : 'settings';
    throw new Error(
      `stock tickers (from ${where}) must be a comma-separated list like AAPL,MSFT,SPY${bad.length ? `; not tickers: ${bad.slice(0, 5).join(', ')}` : ''}`,
    );
  }
  return [...new Set(tickers)];
}

/** Stores the given values; null removes one (back to env or default). */
export function writeSettings(db: Database, patch: SettingsPatch): void {
  const upsert = cachedStatement(
    db,
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  const remove = cachedStatement(db, 'DELETE FROM settings WHERE key = ?');
  db.transaction(() => {
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      if (value === null) remove.run(key);
      else if (Array.isArray(value)) upsert.run(key, value.join(','));
      else upsert.run(key, typeof value === 'string' ? value.replace(/\/+$/, '') : String(value));
    }
  })();
}
