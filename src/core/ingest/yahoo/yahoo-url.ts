/** Where the lab talks to Yahoo unless the yahooUrl setting or TRADELAB_YAHOO_URL says otherwise. */
export const DEFAULT_YAHOO_URL = 'https://query2.finance.yahoo.com';

function isYahooHost(hostname: string): boolean {
  return hostname === 'yahoo.com' || hostname.endsWith('.yahoo.com');
}

/**
 * Sends a URL that yahoo-finance2 builds (query1/query2.finance.yahoo.com for data,
 * finance.yahoo.com, fc.yahoo.com and guce/consent.yahoo.com for cookies and the crumb) to
 * `baseUrl` instead, keeping its path and query, so a mirror or a local replay answers every
 * request. When `baseUrl` is itself a Yahoo host the URL is left alone: the library then talks
 * to the real hosts exactly as it was written to. Non-Yahoo URLs are never touched.
 */
export function rewriteYahooUrl(url: string, baseUrl: string): string {
  const target = new URL(url);
  const base = new URL(baseUrl);
  if (!isYahooHost(target.hostname) || isYahooHost(base.hostname)) return url;
  const prefix = base.pathname.replace(/\/+$/, '');
  return `${base.origin}${prefix}${target.pathname}${target.search}`;
}
