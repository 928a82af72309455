import type { Database } from 'better-sqlite3';
import type { BinanceEndpoints } from '../../shared/contract/index.js';
import { readSettings } from './settings-repo.js';

export type ResolvedBinanceEndpoints = Required<BinanceEndpoints>;

type Env = Record<string, string | undefined>;

/**
 * The endpoints a Binance job uses: its own parameters (CLI flags) first, then env, stored
 * settings and defaults. Resolved when the job is submitted so a resumed job talks to the same
 * servers as the run it continues.
 */
export function resolveBinanceEndpoints(db: Database, env: Env, override: BinanceEndpoints = {}): ResolvedBinanceEndpoints {
  const settings = readSettings(db, env);
  const trim = (url: string) => url.replace(/\/+$/, '');
  const visionUrl = trim(override.visionUrl ?? settings.binanceVisionUrl.value);
  const listFromSettings = settings.binanceVisionListUrl;
  const visionListUrl = trim(
    override.visionListUrl ??
      // A mirror passed as a flag serves its own listing unless a listing URL was set explicitly.
      (override.visionUrl && listFromSettings.source !== 'env' && listFromSettings.source !== 'stored' ? override.visionUrl : listFromSettings.value),
  );
  const restUrl = trim(override.restUrl ?? settings.binanceRestUrl.value);
  const futuresFromSettings = settings.binanceRestFuturesUrl;
  const restFuturesUrl = trim(
    override.restFuturesUrl ??
      (override.restUrl && futuresFromSettings.source !== 'env' && futuresFromSettings.source !== 'stored' ? override.restUrl : futuresFromSettings.value),
  );
  return { visionUrl, visionListUrl, restUrl, restFuturesUrl };
}
