import type { BarColumns } from '../../../store/bar-columns.js';
import {
  createRateLimitedFetch,
  type FetchLike,
  type FetchWait,
  type RateLimitedFetchOptions,
} from './rate-limited-fetch.js';
import { BinanceRestError } from './rest-errors.js';
import { expectArray, expectObject, klineRowsToColumns, num, numOrNull, str } from './parse-rest.js';

export type RestMarket = 'spot' | 'um';

export type OpenInterestPeriod = '5m' | '15m' | '30m' | '1h' | '2h' | '4h' | '6h' | '12h' | '1d';

export interface KlineQuery {
  market: RestMarket;
  symbol: string;
  /** A Binance kline interval, e.g. 1m, 1h, 1d. */
  interval: string;
  /** First open time wanted, epoch ms (inclusive). */
  startTime: number;
  /** Last open time wanted, epoch ms (inclusive, as Binance reads it). */
  endTime?: number;
  /** Bars per request; the market's maximum when left out. */
  limit?: number;
}

export interface Ticker24h {
  symbol: string;
  quoteVolume: number;
  lastPrice: number | null;
}

export interface PerpetualDefinition {
  symbol: string;
  status: string;
  quoteAsset: string;
  contractType: string;
}

export interface FundingRatePoint {
  /** Funding time exactly as Binance stamps it (it carries ms jitter, e.g. 1768262400007). */
  time: number;
  rate: number;
  markPrice: number | null;
}

export interface OpenInterestPoint {
  time: number;
  openInterest: number;
}

export interface OpenInterestHistoryPoint {
  time: number;
  openInterest: number;
  openInterestValue: number;
}

export interface PremiumIndexPoint {
  time: number;
  markPrice: number;
  indexPrice: number | null;
  lastFundingRate: number | null;
  nextFundingTime: number | null;
  interestRate: number | null;
}

/** Binance's public market data over REST, as plain typed data. */
export interface BinanceRest {
  klines(query: KlineQuery): Promise<BarColumns>;
  /** 24h statistics of every USD-M futures symbol. */
  tickers24h(): Promise<Ticker24h[]>;
  /** Every USD-M futures contract Binance lists, from exchangeInfo (perpetual or not, trading or not). */
  perpetuals(): Promise<PerpetualDefinition[]>;
  fundingRateHistory(
    symbol: string,
    startTime: number,
    endTime?: number,
    limit?: number,
  ): Promise<FundingRatePoint[]>;
  openInterest(symbol: string): Promise<OpenInterestPoint>;
  openInterestHistory(
    symbol: string,
    period: OpenInterestPeriod,
    startTime?: number,
    endTime?: number,
    limit?: number,
  ): Promise<OpenInterestHistoryPoint[]>;
  premiumIndex(symbol: string): Promise<PremiumIndexPoint>;
}

export interface BinanceRestOptions {
  /** Spot REST base, e.g. https://api.binance.com (paths /api/v3/... are added). */
  restUrl: string;
  /** USD-M REST base, e.g. https://fapi.binance.com (paths /fapi/v1/..., /futures/data/... are added). */
  restFuturesUrl: string;
  /** Transport under the rate limiter (the global fetch by default). */
  fetch?: FetchLike;
  onWait?: (wait: FetchWait) => void;
  signal?: AbortSignal;
  /** Limits and timings of the rate-limited transport (tests shorten them). */
  transport?: Omit<RateLimitedFetchOptions, 'fetch' | 'onWait' | 'signal'>;
  /** ccxt's spacing per unit of request cost; Binance's own table says 50 ms. Tests shorten it. */
  rateLimitMs?: number;
}

/** Most klines one request returns. */
export const MAX_KLINES_PER_REQUEST: Record<RestMarket, number> = { spot: 1000, um: 1500 };
/** Most funding rows and open-interest points one request returns. */
export const MAX_FUNDING_PER_REQUEST = 1000;
export const MAX_OPEN_INTEREST_HISTORY_PER_REQUEST = 500;

/**
 * ccxt wraps the whole transport call (including rate-limit and ban waits) in its own timeout.
 * The transport times each attempt itself, so ccxt's is only a last resort: six hours, far below
 * the 2^31 ms that setTimeout accepts.
 */
const CCXT_TIMEOUT_MS = 6 * 3_600_000;

type Ccxt = typeof import('ccxt');
type CcxtBinance = InstanceType<Ccxt['binance']>;

interface Connection {
  ccxt: Ccxt;
  exchange: CcxtBinance;
}

/**
 * ccxt takes ~0.7 s to load; it is imported on the first request, so a job host that never talks
 * to Binance's REST API does not pay for it.
 */
async function connect(options: BinanceRestOptions): Promise<Connection> {
  const ccxt = await import('ccxt');
  const spot = trimSlash(options.restUrl);
  const futures = trimSlash(options.restFuturesUrl);
  const exchange = new ccxt.binance({
    enableRateLimit: true,
    timeout: CCXT_TIMEOUT_MS,
    ...(options.rateLimitMs === undefined ? {} : { rateLimit: options.rateLimitMs }),
  });
  // Only the APIs this client uses, all at the configured bases: any other ccxt call fails
  // instead of reaching the real Binance behind a mirror's back.
  exchange.urls['api'] = {
    public: `${spot}/api/v3`,
    fapiPublic: `${futures}/fapi/v1`,
    fapiPublicV2: `${futures}/fapi/v2`,
    fapiPublicV3: `${futures}/fapi/v3`,
    fapiData: `${futures}/futures/data`,
  };
  exchange.fetchImplementation = createRateLimitedFetch({
    ...options.transport,
    fetch: options.fetch,
    onWait: options.onWait,
    signal: options.signal,
  });
  return { ccxt, exchange };
}

/**
 * A Binance REST client on ccxt's implicit API (`publicGetKlines`, `fapiPublicGetFundingRate`…):
 * those return Binance's raw JSON, so klines keep quote volume, trade count and taker columns, and
 * nothing needs `loadMarkets`. ccxt spaces requests by its cost table; the rate-limited transport
 * below it follows the weight Binance reports and sits out 429/418.
 */
export function createBinanceRest(options: BinanceRestOptions): BinanceRest {
  let connection: Promise<Connection> | undefined;

  const call = async <T>(
    endpoint: string,
    market: RestMarket,
    symbol: string | undefined,
    run: (exchange: CcxtBinance) => Promise<unknown>,
    read: (json: unknown) => T,
  ): Promise<T> => {
    const { ccxt, exchange } = await (connection ??= connect(options));
    let json: unknown;
    try {
      json = await run(exchange);
    } catch (err) {
      throw describeFailure(ccxt, err, { endpoint, market, symbol, signal: options.signal });
    }
    return read(json);
  };

  return {
    klines(query) {
      const endpoint = query.market === 'spot' ? 'GET /api/v3/klines' : 'GET /fapi/v1/klines';
      const params = withoutUndefined({
        symbol: query.symbol,
        interval: query.interval,
        startTime: query.startTime,
        endTime: query.endTime,
        limit: query.limit ?? MAX_KLINES_PER_REQUEST[query.market],
      });
      const run = (exchange: CcxtBinance) =>
        query.market === 'spot' ? exchange.publicGetKlines(params) : exchange.fapiPublicGetKlines(params);
      return call(endpoint, query.market, query.symbol, run, (json) =>
        klineRowsToColumns(expectArray(json, endpoint), endpoint),
      );
    },

    tickers24h() {
      const endpoint = 'GET /fapi/v1/ticker/24hr';
      return call(
        endpoint,
        'um',
        undefined,
        (exchange) => exchange.fapiPublicGetTicker24hr(),
        (json) =>
          expectArray(json, endpoint).map((item) => {
            const t = expectObject(item, endpoint);
            return {
              symbol: str(t.symbol, 'symbol', endpoint),
              quoteVolume: num(t.quoteVolume, 'quoteVolume', endpoint),
              lastPrice: numOrNull(t.lastPrice, 'lastPrice', endpoint),
            };
          }),
      );
    },

    perpetuals() {
      const endpoint = 'GET /fapi/v1/exchangeInfo';
      return call(
        endpoint,
        'um',
        undefined,
        (exchange) => exchange.fapiPublicGetExchangeInfo(),
        (json) =>
          expectArray(expectObject(json, endpoint).symbols, endpoint).map((item) => {
            const s = expectObject(item, endpoint);
            return {
              symbol: str(s.symbol, 'symbol', endpoint),
              status: str(s.status, 'status', endpoint),
              quoteAsset: str(s.quoteAsset, 'quoteAsset', endpoint),
              // Binance leaves contractType empty for contracts being delivered or settled.
              contractType: typeof s.contractType === 'string' ? s.contractType : '',
            };
          }),
      );
    },

    fundingRateHistory(symbol, startTime, endTime, limit = MAX_FUNDING_PER_REQUEST) {
      const endpoint = 'GET /fapi/v1/fundingRate';
      const params = withoutUndefined({ symbol, startTime, endTime, limit });
      return call(
        endpoint,
        'um',
        symbol,
        (exchange) => exchange.fapiPublicGetFundingRate(params),
        (json) =>
          expectArray(json, endpoint).map((item) => {
            const f = expectObject(item, endpoint);
            return {
              time: num(f.fundingTime, 'fundingTime', endpoint),
              rate: num(f.fundingRate, 'fundingRate', endpoint),
              markPrice: numOrNull(f.markPrice, 'markPrice', endpoint),
            };
          }),
      );
    },

    openInterest(symbol) {
      const endpoint = 'GET /fapi/v1/openInterest';
      return call(
        endpoint,
        'um',
        symbol,
        (exchange) => exchange.fapiPublicGetOpenInterest({ symbol }),
        (json) => {
          const o = expectObject(json, endpoint);
          return {
            time: num(o.time, 'time', endpoint),
            openInterest: num(o.openInterest, 'openInterest', endpoint),
          };
        },
      );
    },

    openInterestHistory(symbol, period, startTime, endTime, limit = MAX_OPEN_INTEREST_HISTORY_PER_REQUEST) {
      const endpoint = 'GET /futures/data/openInterestHist';
      const params = withoutUndefined({ symbol, period, startTime, endTime, limit });
      return call(
        endpoint,
        'um',
        symbol,
        (exchange) => exchange.fapiDataGetOpenInterestHist(params),
        (json) =>
          expectArray(json, endpoint).map((item) => {
            const o = expectObject(item, endpoint);
            return {
              time: num(o.timestamp, 'timestamp', endpoint),
              openInterest: num(o.sumOpenInterest, 'sumOpenInterest', endpoint),
              openInterestValue: num(o.sumOpenInterestValue, 'sumOpenInterestValue', endpoint),
            };
          }),
      );
    },

    premiumIndex(symbol) {
      const endpoint = 'GET /fapi/v1/premiumIndex';
      return call(
        endpoint,
        'um',
        symbol,
        (exchange) => exchange.fapiPublicGetPremiumIndex({ symbol }),
        (json) => {
          const p = expectObject(json, endpoint);
          return {
            time: num(p.time, 'time', endpoint),
            markPrice: num(p.markPrice, 'markPrice', endpoint),
            indexPrice: numOrNull(p.indexPrice, 'indexPrice', endpoint),
            lastFundingRate: numOrNull(p.lastFundingRate, 'lastFundingRate', endpoint),
            // Binance sends 0 for contracts without a next funding (delivering or settled).
            nextFundingTime: numOrNull(p.nextFundingTime, 'nextFundingTime', endpoint) || null,
            interestRate: numOrNull(p.interestRate, 'interestRate', endpoint),
          };
        },
      );
    },
  };
}

const MARKET_NAMES: Record<RestMarket, string> = { spot: 'spot', um: 'USD-M futures' };

/** Turns whatever ccxt or the transport threw into a BinanceRestError naming the call. */
function describeFailure(
  ccxt: Ccxt,
  err: unknown,
  call: { endpoint: string; market: RestMarket; symbol: string | undefined; signal: AbortSignal | undefined },
): BinanceRestError {
  const { endpoint, market, symbol } = call;
  const subject = symbol === undefined ? endpoint : `${endpoint} for ${symbol}`;
  const message = err instanceof Error ? stripExchangeId(err.message) : String(err);
  if (call.signal?.aborted)
    return new BinanceRestError('cancelled', `${subject} was cancelled.`, { cause: err });
  if (err instanceof ccxt.BadSymbol && symbol !== undefined) {
    const other = market === 'spot' ? 'USD-M futures' : 'spot';
    return new BinanceRestError(
      'unknown-symbol',
      `Binance does not list ${symbol} on ${MARKET_NAMES[market]} (${endpoint}). ` +
        `Check the spelling, whether it was delisted or renamed, or whether it trades on ${other} instead.`,
      { cause: err },
    );
  }
  if (err instanceof ccxt.BadRequest) {
    return new BinanceRestError(
      'refused',
      `Binance refused ${subject}: ${message}. Check the dates and interval asked for.`,
      {
        cause: err,
      },
    );
  }
  if (err instanceof BinanceRestError)
    return new BinanceRestError(err.failure, `${subject}: ${err.message}`, { cause: err });
  if (/ 404 Not Found\b/.test(message)) {
    return new BinanceRestError(
      'unavailable',
      `${subject}: the server answered 404 Not Found. Check the Binance REST URL in Settings: it does not serve Binance's API at that path.`,
      { cause: err },
    );
  }
  return new BinanceRestError('unavailable', `${subject} failed: ${shorten(message)}. Try again later.`, {
    cause: err,
  });
}

/** ccxt quotes the whole answer body; an HTML error page is not worth a screenful. */
function shorten(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** ccxt prefixes messages with its exchange id ("binance {...}"); the user never chose ccxt. */
function stripExchangeId(message: string): string {
  return message.replace(/^binance\s+/, '');
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function withoutUndefined(
  params: Record<string, string | number | undefined>,
): Record<string, string | number> {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as Record<
    string,
    string | number
  >;
}
