import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CoinGeckoClient, CoinGeckoError } from '../../src/core/ingest/coingecko/coingecko-client.js';
import type { ThrottleClock } from '../../src/core/ingest/coingecko/request-throttle.js';
import { MarketsPage, TrendingResponse } from '../../src/core/ingest/coingecko/schemas.js';
import { startCoinGeckoReplay, type CoinGeckoReplay } from '../helpers/coingecko-replay/coingecko-replay.js';
import { loadMarkets } from '../helpers/coingecko-replay/recordings.js';

const KEY = 'CG-test-key-4d1c9e';

let replay: CoinGeckoReplay;
beforeAll(async () => {
  replay = await startCoinGeckoReplay();
});
afterAll(async () => {
  await replay.close();
});
beforeEach(() => {
  replay.requests.length = 0;
  replay.setFaults([]);
});

/** Waits pass at once on a fake clock, and are recorded, so retry timing is exact and fast. */
function client(options: { apiKey?: string; maxAttempts?: number } = {}) {
  const sleeps: number[] = [];
  let t = Date.parse('2026-01-05T12:00:00Z');
  const clock: ThrottleClock = {
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += ms;
    },
  };
  const waits: string[] = [];
  const c = new CoinGeckoClient({
    baseUrl: replay.url,
    apiKey: 'apiKey' in options ? options.apiKey : KEY,
    clock,
    random: () => 0.5,
    maxAttempts: options.maxAttempts,
    onWait: (w) => waits.push(`${w.what}: ${w.reason} ${w.delayMs}`),
  });
  return { c, sleeps, waits };
}

const marketsQuery = { vs_currency: 'usd', order: 'market_cap_desc', per_page: 100, page: 2 };

describe('CoinGeckoClient against the replay', () => {
  it('pages /coins/markets and sends the key only in its header', async () => {
    const { c } = client();
    const page = await c.get('/coins/markets', marketsQuery, MarketsPage);
    expect(page.map((coin) => coin.id)).toEqual(
      loadMarkets()
        .slice(100, 200)
        .map((coin) => coin.id),
    );
    const [request] = replay.requests;
    expect(request.headers['x-cg-demo-api-key']).toBe(KEY);
    expect(request.query).toEqual({
      vs_currency: 'usd',
      order: 'market_cap_desc',
      per_page: '100',
      page: '2',
    });
    expect(JSON.stringify(request.query)).not.toContain(KEY);
  });

  it('decodes the trending answer that is not valid UTF-8', async () => {
    const { c } = client();
    const trending = await c.get('/search/trending', {}, TrendingResponse);
    expect(trending.coins).toHaveLength(15);
  });

  it('waits out a 429 for its Retry-After, then succeeds', async () => {
    replay.setFaults([
      { match: '/search/trending', fault: { type: 'status', status: 429, retryAfter: '7' } },
    ]);
    const { c, sleeps, waits } = client();
    const trending = await c.get('/search/trending', {}, TrendingResponse);
    expect(trending.coins).toHaveLength(15);
    expect(sleeps).toEqual([7_000]);
    expect(waits).toEqual(['/search/trending: rate limited (HTTP 429) 7000']);
    expect([c.requestsSent, c.retries]).toEqual([2, 1]);
  });

  it('backs off on a 429 without Retry-After and gives up after the bounded attempts', async () => {
    replay.setFaults([{ match: '/search/trending', times: 10, fault: { type: 'status', status: 429 } }]);
    const { c, sleeps } = client({ maxAttempts: 3 });
    const error = await c.get('/search/trending', {}, TrendingResponse).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoinGeckoError);
    expect((error as Error).message).toMatch(/failed 3 times, last with HTTP 429.*COINGECKO_API_KEY/);
    // Half-jitter backoff at random 0.5: 15 s × 0.75, then 30 s × 0.75.
    expect(sleeps).toEqual([11_250, 22_500]);
    expect(replay.requests).toHaveLength(3);
  });

  it('retries a 5xx', async () => {
    replay.setFaults([{ match: 'page=2', fault: { type: 'status', status: 503 } }]);
    const { c } = client();
    expect(await c.get('/coins/markets', marketsQuery, MarketsPage)).toHaveLength(100);
    expect(replay.requests.map((r) => r.status)).toEqual([503, 200]);
  });

  it('fails at once on 401, naming the key setting, without retrying', async () => {
    replay.setFaults([{ match: '/coins/markets', times: 10, fault: { type: 'status', status: 401 } }]);
    const { c } = client();
    const error = (await c
      .get('/coins/markets', marketsQuery, MarketsPage)
      .catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/CoinGecko refused \/coins\/markets \(HTTP 401: Invalid API Key\)/);
    expect(error.message).toMatch(/COINGECKO_API_KEY.*Settings/);
    expect(error.message).not.toContain(KEY);
    expect(replay.requests).toHaveLength(1);
  });

  it('asks for a key when keyless access is refused', async () => {
    replay.setFaults([{ match: '/search/trending', fault: { type: 'status', status: 401 } }]);
    const { c } = client({ apiKey: undefined });
    await expect(c.get('/search/trending', {}, TrendingResponse)).rejects.toThrow(/wants an API key/);
    expect(replay.requests[0].headers['x-cg-demo-api-key']).toBeUndefined();
  });

  it('names the endpoint of a malformed answer: cut short, or of the wrong shape', async () => {
    replay.setFaults([{ match: '/search/trending', fault: { type: 'truncated' } }]);
    await expect(client().c.get('/search/trending', {}, TrendingResponse)).rejects.toThrow(
      /CoinGecko \/search\/trending answered with text that is not JSON/,
    );
    replay.setFaults([{ match: 'page=2', fault: { type: 'wrong-shape' } }]);
    await expect(
      client().c.get('/coins/markets', marketsQuery, MarketsPage, '/coins/markets page 2'),
    ).rejects.toThrow(/CoinGecko \/coins\/markets page 2 answered with a malformed response/);
  });

  it('reports another client error with CoinGecko’s words', async () => {
    const { c } = client();
    await expect(c.get('/coins/markets', { vs_currency: 'xxx' }, MarketsPage)).rejects.toThrow(
      /HTTP 400: invalid vs_currency/,
    );
    await expect(c.get('/nowhere', {}, MarketsPage)).rejects.toThrow(/HTTP 404.*CoinGecko URL/);
  });

  it('stops at once when cancelled', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    const c = new CoinGeckoClient({ baseUrl: replay.url, signal: controller.signal });
    await expect(c.get('/search/trending', {}, TrendingResponse)).rejects.toThrow('cancelled');
    expect(replay.requests).toHaveLength(0);
  });
});
