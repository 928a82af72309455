import type { Database } from 'better-sqlite3';
import type { BinanceEndpoints } from '../../shared/contract/index.js';
import { readSettings, settingEnvNames } from './settings-repo.js';
import { cachedStatement } from '../store/statement-cache.js';

export type ResolvedBinanceEndpoints = Required<BinanceEndpoints>;

type Env = Record<string, string | undefined>;

/**
 * The endpoints a Binance job uses: its own parameters (CLI flags) first, then env, stored
 * settings and defaults. Resolved when the job is submitted so a resumed job talks to the same
 * servers as the run it continues.
 */
export function resolveBinanceEndpoints(
  db: Database,
  env: Env,
  override: BinanceEndpoints = {},
): ResolvedBinanceEndpoints {
  const settings = readSettings(db, env);
  const trim = (url: string) => url.replace(/\/+$/, '');
  const visionUrl = trim(override.visionUrl ?? settings.binanceVisionUrl.value);
  // A mirror passed as a flag serves its own listing (and a REST proxy its futures paths) unless
  // that URL was configured on its own, not merely derived from the main one.
  const listSetOnItsOwn = isSetOnItsOwn(db, env, 'binanceVisionListUrl');
  const visionListUrl = trim(
    override.visionListUrl ??
      (override.visionUrl && !listSetOnItsOwn ? override.visionUrl : settings.binanceVisionListUrl.value),
  );
  const restUrl = trim(override.restUrl ?? settings.binanceRestUrl.value);
  const futuresSetOnItsOwn = isSetOnItsOwn(db, env, 'binanceRestFuturesUrl');
  const restFuturesUrl = trim(
    override.restFuturesUrl ??
      (override.restUrl && !futuresSetOnItsOwn ? override.restUrl : settings.binanceRestFuturesUrl.value),
  );
  return { visionUrl, visionListUrl, restUrl, restFuturesUrl };
}

function isSetOnItsOwn(
  db: Database,
  env: Env,
  key: 'binanceVisionListUrl' | 'binanceRestFuturesUrl',
): boolean {
  if ((env[settingEnvNames[key]] ?? '').trim() !== '') return true;
  return cachedStatement(db, 'SELECT 1 FROM settings WHERE key = ?').get(key) !== undefined;
}
