import type { Database } from 'better-sqlite3';
import type { LabSettings, SettingKey, SettingsPatch } from '../../shared/contract/index.js';
import { cachedStatement } from '../store/statement-cache.js';

/** Built-in values: the public Binance endpoints and eight parallel downloads. */
export const settingDefaults = {
  binanceVisionUrl: 'https://data.binance.vision',
  // data.binance.vision's own page lists files through the bucket's S3 endpoint, not the CDN.
  binanceVisionListUrl: 'https://s3-ap-northeast-1.amazonaws.com/data.binance.vision',
  binanceRestUrl: 'https://api.binance.com',
  binanceRestFuturesUrl: 'https://fapi.binance.com',
  downloadConcurrency: 8,
} as const satisfies Record<SettingKey, string | number>;

/** Environment variables that override a setting in the server and the CLI. */
export const settingEnvNames: Record<SettingKey, string> = {
  binanceVisionUrl: 'TRADELAB_BINANCE_VISION_URL',
  binanceVisionListUrl: 'TRADELAB_BINANCE_VISION_LIST_URL',
  binanceRestUrl: 'TRADELAB_BINANCE_REST_URL',
  binanceRestFuturesUrl: 'TRADELAB_BINANCE_REST_FUTURES_URL',
  downloadConcurrency: 'TRADELAB_DOWNLOAD_CONCURRENCY',
};

type Env = Record<string, string | undefined>;

function storedValues(db: Database): Partial<Record<SettingKey, string>> {
  const rows = cachedStatement(db, 'SELECT key, value FROM settings').all() as { key: SettingKey; value: string }[];
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
    if (fromEnv !== undefined && fromEnv.trim() !== '') return { value: fromEnv.trim().replace(/\/+$/, ''), source: 'env' as const };
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
  return {
    binanceVisionUrl: visionUrl,
    binanceVisionListUrl: visionListUrl,
    binanceRestUrl: restUrl,
    binanceRestFuturesUrl: restFuturesUrl,
    downloadConcurrency: { value: concurrencyValue, source: concurrency.source },
  };
}

/** Stores the given values; null removes one (back to env or default). */
export function writeSettings(db: Database, patch: SettingsPatch): void {
  const upsert = cachedStatement(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const remove = cachedStatement(db, 'DELETE FROM settings WHERE key = ?');
  db.transaction(() => {
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      if (value === null) remove.run(key);
      else upsert.run(key, typeof value === 'string' ? value.replace(/\/+$/, '') : String(value));
    }
  })();
}
