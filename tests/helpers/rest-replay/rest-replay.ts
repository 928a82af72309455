import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { repoRoot } from '../paths.js';
import { deriveTickers, loadFunding, loadOpenInterestHistory, loadRecorded } from './futures-recordings.js';
import { klineSymbols, loadKlines, type ReplayMarket } from './kline-archive.js';
import { requestWeight, weightBucket } from './request-weight.js';

/** One request the replay answered (or faulted), for "no refetch" assertions. */
export interface ReplayRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  weight: number;
}

export type ReplayFault =
  | { type: 'status'; status: 429 | 418 | 500 | 502 | 503 | 504; retryAfter?: number | string }
  /** Closes the connection without an answer (a network error for the client). */
  | { type: 'reset' };

export interface FaultRule {
  /** Substring of, or pattern for, `path?query`. */
  match: string | RegExp;
  /** How many matching requests get the fault (default 1). */
  times?: number;
  fault: ReplayFault;
}

export interface RestReplayOptions {
  /** Per-minute weight the replay enforces with 429 + Retry-After, like Binance (spot 6000, USD-M 2400). */
  weightLimits?: Partial<Record<ReplayMarket, number>>;
  /** Length of the weight window (Binance: a wall-clock minute). */
  windowMs?: number;
  now?: () => number;
}

export interface RestReplay {
  /** Base URL serving both /api/v3 (spot) and /fapi, /futures/data (USD-M). */
  url: string;
  requests: ReplayRequest[];
  setFaults(rules: FaultRule[]): void;
  close(): Promise<void>;
}

const EXCHANGE_INFO = path.join(repoRoot, 'tests/fixtures/binance-rest/fapi-exchange-info.json');
const INTERVALS = new Set([
  '1s',
  '1m',
  '3m',
  '5m',
  '15m',
  '30m',
  '1h',
  '2h',
  '4h',
  '6h',
  '8h',
  '12h',
  '1d',
  '3d',
  '1w',
  '1M',
]);
const OI_PERIODS = new Set(['5m', '15m', '30m', '1h', '2h', '4h', '6h', '12h', '1d']);

class BinanceError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const invalidSymbol = () => new BinanceError(400, -1121, 'Invalid symbol.');
const missing = (name: string) =>
  new BinanceError(400, -1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`);
const invalidParam = (name: string) =>
  new BinanceError(400, -1130, `Data sent for parameter '${name}' is not valid.`);

/**
 * A local stand-in for Binance's public REST API, serving real data from shared/data: spot and
 * USD-M klines from the Data Vision files, funding and open-interest history recorded over REST,
 * and documentation-example single answers (openInterest, premiumIndex) for BTCUSDT. Answers
 * carry `x-mbx-used-weight-1m`; weight beyond the limit gets 429 with Retry-After; fault rules
 * inject 429/418/5xx or dropped connections.
 */
export async function startRestReplay(options: RestReplayOptions = {}): Promise<RestReplay> {
  const now = options.now ?? Date.now;
  const windowMs = options.windowMs ?? 60_000;
  const limits = { spot: 6000, um: 2400, ...options.weightLimits };
  const used = { spot: { window: -1, weight: 0 }, um: { window: -1, weight: 0 } };
  const exchangeInfo = JSON.parse(fs.readFileSync(EXCHANGE_INFO, 'utf8')) as {
    symbols: { symbol: string }[];
  };
  const futuresSymbols = new Set(exchangeInfo.symbols.map((s) => s.symbol));
  const spotSymbols = new Set(klineSymbols('spot'));
  const requests: ReplayRequest[] = [];
  let faults: (FaultRule & { left: number })[] = [];

  const routes: Record<string, (q: URLSearchParams) => unknown> = {
    '/api/v3/klines': (q) => klines('spot', q, spotSymbols, 1000),
    '/fapi/v1/klines': (q) => klines('um', q, futuresSymbols, 1500),
    '/fapi/v1/exchangeInfo': () => exchangeInfo,
    '/fapi/v1/ticker/24hr': (q) => oneOrAll(deriveTickers(), q, futuresSymbols, 'ticker'),
    '/fapi/v1/premiumIndex': (q) =>
      oneOrAll(Object.values(loadRecorded('premium_index')), q, futuresSymbols, 'premiumIndex'),
    '/fapi/v1/openInterest': (q) => {
      const symbol = requireSymbol(q, futuresSymbols);
      const recorded = loadRecorded('open_interest')[symbol];
      if (!recorded) throw notRecorded('openInterest', symbol);
      return recorded;
    },
    '/fapi/v1/fundingRate': (q) => {
      const symbol = requireSymbol(q, futuresSymbols);
      return window(loadFunding(symbol), (r) => r.fundingTime, q, 100, 1000);
    },
    '/futures/data/openInterestHist': (q) => {
      const symbol = requireSymbol(q, futuresSymbols);
      const period = q.get('period');
      if (!period) throw missing('period');
      if (!OI_PERIODS.has(period)) throw invalidParam('period');
      return window(loadOpenInterestHistory(symbol, period), (r) => r.timestamp, q, 30, 500);
    },
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://replay');
    const query = url.searchParams;
    const entry: ReplayRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(query),
      status: 0,
      weight: 0,
    };
    requests.push(entry);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      entry.status = status;
      const bucket = used[weightBucket(url.pathname)];
      res.writeHead(status, {
        'content-type': 'application/json;charset=UTF-8',
        'x-mbx-used-weight-1m': String(bucket.weight),
        ...(weightBucket(url.pathname) === 'spot' ? { 'x-mbx-used-weight': String(bucket.weight) } : {}),
        ...headers,
      });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };

    const target = `${url.pathname}${url.search}`;
    const rule = faults.find(
      (f) => f.left > 0 && (typeof f.match === 'string' ? target.includes(f.match) : f.match.test(target)),
    );
    if (rule) {
      rule.left--;
      if (rule.fault.type === 'reset') {
        entry.status = -1;
        req.socket.destroy();
        return;
      }
      const retryAfter: Record<string, string> =
        rule.fault.retryAfter === undefined ? {} : { 'retry-after': String(rule.fault.retryAfter) };
      send(rule.fault.status, faultBody(rule.fault.status), retryAfter);
      return;
    }

    const route = routes[url.pathname];
    if (!route) {
      send(404, '<html><body><h2>404 Not found</h2></body></html>', { 'content-type': 'text/html' });
      return;
    }
    const marketName = weightBucket(url.pathname);
    const bucket = used[marketName];
    const currentWindow = Math.floor(now() / windowMs);
    if (bucket.window !== currentWindow) Object.assign(bucket, { window: currentWindow, weight: 0 });
    entry.weight = requestWeight(url.pathname, query);
    bucket.weight += entry.weight;
    if (bucket.weight > limits[marketName]) {
      const retryAfterSeconds = Math.ceil(((currentWindow + 1) * windowMs - now()) / 1000);
      send(
        429,
        { code: -1003, msg: 'Too many requests; current limit of IP is exceeded.' },
        { 'retry-after': String(retryAfterSeconds) },
      );
      return;
    }
    try {
      send(200, route(query));
    } catch (err) {
      if (!(err instanceof BinanceError)) throw err;
      send(err.status, { code: err.code, msg: err.message });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setFaults(rules) {
      faults = rules.map((r) => ({ ...r, left: r.times ?? 1 }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function requireSymbol(q: URLSearchParams, known: Set<string>): string {
  const symbol = q.get('symbol');
  if (!symbol) throw missing('symbol');
  if (!known.has(symbol)) throw invalidSymbol();
  return symbol;
}

function notRecorded(endpoint: string, symbol: string): BinanceError {
  return new BinanceError(
    404,
    -1,
    `rest replay: shared data has no recorded ${endpoint} answer for ${symbol} (only BTCUSDT)`,
  );
}

/** Klines like Binance: from startTime forward (or the last `limit` up to endTime), open times within [startTime, endTime]. */
function klines(market: ReplayMarket, q: URLSearchParams, known: Set<string>, maxLimit: number): unknown {
  const symbol = requireSymbol(q, known);
  const interval = q.get('interval');
  if (!interval) throw missing('interval');
  if (!INTERVALS.has(interval)) throw new BinanceError(400, -1120, 'Invalid interval.');
  return window(loadKlines(market, symbol, interval), (k) => k[0], q, 500, maxLimit);
}

/**
 * Binance's paging rule for time series: rows with startTime ≤ t ≤ endTime; with a startTime the
 * first `limit` of them, otherwise the last `limit`.
 */
function window<T>(
  rows: T[],
  timeOf: (row: T) => number,
  q: URLSearchParams,
  defaultLimit: number,
  maxLimit: number,
): T[] {
  const limit = q.has('limit') ? Number(q.get('limit')) : defaultLimit;
  if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) throw invalidParam('limit');
  const start = q.has('startTime') ? Number(q.get('startTime')) : null;
  const end = q.has('endTime') ? Number(q.get('endTime')) : null;
  if ((start !== null && !Number.isFinite(start)) || (end !== null && !Number.isFinite(end)))
    throw invalidParam('startTime');
  const inRange = rows.filter(
    (r) => (start === null || timeOf(r) >= start) && (end === null || timeOf(r) <= end),
  );
  return start !== null ? inRange.slice(0, limit) : inRange.slice(-limit);
}

function oneOrAll(
  items: Record<string, unknown>[],
  q: URLSearchParams,
  known: Set<string>,
  endpoint: string,
): unknown {
  if (!q.has('symbol')) return items;
  const symbol = requireSymbol(q, known);
  const item = items.find((i) => i.symbol === symbol);
  if (!item) throw notRecorded(endpoint, symbol);
  return item;
}

function faultBody(status: number): unknown {
  if (status === 429) return { code: -1003, msg: 'Too many requests; current limit of IP is exceeded.' };
  if (status === 418) return { code: -1003, msg: 'Way too many requests; IP banned.' };
  return '<html><body><h1>Service Unavailable</h1></body></html>';
}
