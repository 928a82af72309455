import { COINGECKO_CALLS_PER_MINUTE } from './request-throttle.js';

/** How the lab authenticates to CoinGecko, chosen from the base URL and whether a key is set. */
export interface CoinGeckoAccess {
  plan: keyof typeof COINGECKO_CALLS_PER_MINUTE;
  /** The key header, if any. The key never goes into a URL, where proxies and logs would keep it. */
  headers: Record<string, string>;
  callsPerMinute: number;
}

/** Where to set the key, for messages. */
export const COINGECKO_KEY_ADVICE =
  'Set COINGECKO_API_KEY (server and CLI) or the CoinGecko API key in Settings (desktop)';

export const DEMO_KEY_HEADER = 'x-cg-demo-api-key';
export const PRO_KEY_HEADER = 'x-cg-pro-api-key';

/**
 * A Demo key (the free plan) goes to api.coingecko.com in `x-cg-demo-api-key`; a Pro key works only
 * on pro-api.coingecko.com, in `x-cg-pro-api-key`, so a base URL whose host starts with `pro-api.`
 * means Pro. Without a key the public API is used with its lower, IP-shared limit.
 */
export function coingeckoAccess(baseUrl: string, apiKey: string | undefined): CoinGeckoAccess {
  const key = apiKey?.trim() || undefined;
  const pro = new URL(baseUrl).hostname.startsWith('pro-api.');
  if (pro && !key)
    throw new Error(
      `The CoinGecko Pro API (${new URL(baseUrl).host}) needs a Pro API key. ${COINGECKO_KEY_ADVICE}, ` +
        'or use the free API base URL https://api.coingecko.com/api/v3.',
    );
  if (!key) return { plan: 'keyless', headers: {}, callsPerMinute: COINGECKO_CALLS_PER_MINUTE.keyless };
  return pro
    ? { plan: 'pro', headers: { [PRO_KEY_HEADER]: key }, callsPerMinute: COINGECKO_CALLS_PER_MINUTE.pro }
    : { plan: 'demo', headers: { [DEMO_KEY_HEADER]: key }, callsPerMinute: COINGECKO_CALLS_PER_MINUTE.demo };
}
