import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadMarkets, loadTrendingBody, type MarketsRecording } from './recordings.js';

/** One request the replay answered, with its headers (for "the key was sent, and only there"). */
export interface CoinGeckoReplayRequest {
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  status: number;
  /** Epoch ms the request arrived (to check waits between attempts). */
  receivedAt: number;
}

export type CoinGeckoFault =
  /** A rate limit, a refused key or a server error, with CoinGecko's JSON error body. */
  | { type: 'status'; status: 401 | 403 | 429 | 500 | 503; retryAfter?: string }
  /** The first part of the real answer only: not JSON. */
  | { type: 'truncated' }
  /** Valid JSON of the wrong shape: the other endpoint's real answer. */
  | { type: 'wrong-shape' };

export interface CoinGeckoFaultRule {
  /** Substring of `path?query`, e.g. "/search/trending" or "page=2". */
  match: string;
  /** Matching requests that get the fault (default 1). */
  times?: number;
  fault: CoinGeckoFault;
}

export interface CoinGeckoReplay {
  /** The API root to use as coingeckoUrl, like https://api.coingecko.com/api/v3. */
  url: string;
  requests: CoinGeckoReplayRequest[];
  setFaults(rules: CoinGeckoFaultRule[]): void;
  close(): Promise<void>;
}

const ROOT = '/api/v3';

/**
 * A local stand-in for CoinGecko's public API serving real recorded answers from shared data:
 * `/coins/markets` pages cut (per_page, page) from a recorded listing, and `/search/trending` as
 * the recorded bytes (not valid UTF-8, served as they are). Every request is recorded with its
 * headers; fault rules inject 429 (with Retry-After), 401/403, 5xx and malformed bodies.
 */
export async function startCoinGeckoReplay(
  options: { markets?: MarketsRecording } = {},
): Promise<CoinGeckoReplay> {
  const markets = loadMarkets(options.markets ?? 'dashbrd');
  const trending = loadTrendingBody();
  const marketsBody = (q: URLSearchParams): Buffer | { status: number; error: string } => {
    if (!q.get('vs_currency')) return { status: 400, error: 'Missing parameter vs_currency' };
    if (q.get('vs_currency') !== 'usd') return { status: 400, error: 'invalid vs_currency' };
    // CoinGecko's defaults: 100 per page (at most 250), page 1.
    const perPage = Math.min(250, Number(q.get('per_page') ?? 100));
    const page = Number(q.get('page') ?? 1);
    if (!Number.isInteger(perPage) || perPage < 1 || !Number.isInteger(page) || page < 1)
      return { status: 400, error: 'invalid per_page or page' };
    return Buffer.from(JSON.stringify(markets.slice((page - 1) * perPage, page * perPage)));
  };

  const requests: CoinGeckoReplayRequest[] = [];
  let faults: (CoinGeckoFaultRule & { left: number })[] = [];

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://replay');
    const entry: CoinGeckoReplayRequest = {
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      status: 0,
      receivedAt: Date.now(),
    };
    requests.push(entry);
    const send = (status: number, body: Buffer | string, headers: Record<string, string> = {}) => {
      entry.status = status;
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(body);
    };
    const sendError = (status: number, message: string, headers: Record<string, string> = {}) =>
      send(status, JSON.stringify({ status: { error_code: status, error_message: message } }), headers);

    const route = url.pathname.startsWith(ROOT) ? url.pathname.slice(ROOT.length) : null;
    const realBody = (): Buffer | null => {
      if (route === '/search/trending') return trending;
      if (route === '/coins/markets') {
        const body = marketsBody(url.searchParams);
        return Buffer.isBuffer(body) ? body : null;
      }
      return null;
    };

    const target = `${url.pathname}${url.search}`;
    const rule = faults.find((f) => f.left > 0 && target.includes(f.match));
    if (rule) {
      rule.left--;
      const { fault } = rule;
      if (fault.type === 'status') {
        const message =
          fault.status === 429
            ? "You've exceeded the Rate Limit. Please visit https://www.coingecko.com/en/api/pricing to subscribe to our API plans for higher rate limits."
            : fault.status === 401 || fault.status === 403
              ? 'Invalid API Key'
              : 'Internal server error';
        sendError(fault.status, message, fault.retryAfter ? { 'retry-after': fault.retryAfter } : {});
      } else if (fault.type === 'truncated') {
        const body = realBody() ?? trending;
        send(200, body.subarray(0, Math.floor(body.length / 2)));
      } else {
        send(200, route === '/search/trending' ? Buffer.from(JSON.stringify(markets.slice(0, 3))) : trending);
      }
      return;
    }

    if (route === '/coins/markets') {
      const body = marketsBody(url.searchParams);
      if (Buffer.isBuffer(body)) send(200, body);
      else send(body.status, JSON.stringify({ error: body.error }));
    } else if (route === '/search/trending') send(200, trending);
    else sendError(404, 'Not Found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${ROOT}`,
    requests,
    setFaults(rules) {
      faults = rules.map((r) => ({ ...r, left: r.times ?? 1 }));
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
