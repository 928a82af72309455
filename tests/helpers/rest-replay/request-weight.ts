/**
 * Request weights as Binance publishes them for the endpoints the replay serves
 * (developers.binance.com, "Market Data endpoints"), so tests see realistic `x-mbx-used-weight-1m`.
 */
export function requestWeight(pathname: string, query: URLSearchParams): number {
  const hasSymbol = query.has('symbol');
  switch (pathname) {
    case '/api/v3/klines':
      return 2;
    case '/fapi/v1/klines': {
      const limit = Number(query.get('limit') ?? 500);
      if (limit < 100) return 1;
      if (limit < 500) return 2;
      if (limit <= 1000) return 5;
      return 10;
    }
    case '/fapi/v1/ticker/24hr':
      return hasSymbol ? 1 : 40;
    case '/fapi/v1/premiumIndex':
      return hasSymbol ? 1 : 10;
    case '/fapi/v1/exchangeInfo':
    case '/fapi/v1/fundingRate':
    case '/fapi/v1/openInterest':
    case '/futures/data/openInterestHist':
      return 1;
    default:
      return 1;
  }
}

/** Spot (api.binance.com) and USD-M (fapi.binance.com) count weight separately. */
export function weightBucket(pathname: string): 'spot' | 'um' {
  return pathname.startsWith('/api/') ? 'spot' : 'um';
}
