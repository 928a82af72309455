import { describe, expect, it } from 'vitest';
import {
  createRateLimitedFetch,
  type FetchLike,
  type FetchWait,
} from '../../src/core/ingest/binance/rest/rate-limited-fetch.js';
import { BinanceRestError } from '../../src/core/ingest/binance/rest/rest-errors.js';

const SPOT = 'https://api.example.test/api/v3/klines?symbol=BTCUSDT';
const FUTURES = 'https://fapi.example.test/fapi/v1/klines?symbol=BTCUSDT';

type Answer = { status?: number; headers?: Record<string, string>; body?: string } | Error;

/** A transport that answers from a script (the last answer repeats) and records when each call started. */
function scripted(answers: Answer[]) {
  const calls: { url: string; at: number }[] = [];
  let i = 0;
  const transport: FetchLike = async (input) => {
    calls.push({ url: String(input), at: Date.now() });
    const answer = answers[Math.min(i++, answers.length - 1)];
    if (answer instanceof Error) throw answer;
    return new Response(answer.body ?? '[]', { status: answer.status ?? 200, headers: answer.headers });
  };
  return { transport, calls };
}

function recorder() {
  const waits: FetchWait[] = [];
  return { waits, onWait: (w: FetchWait) => waits.push(w) };
}

const fastBackoff = { baseMs: 10, maxMs: 40, random: () => 0 };

describe('createRateLimitedFetch', () => {
  it('keeps one request in flight per host, and hosts independent', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const perHost = new Map<string, number>();
    let maxPerHost = 0;
    const transport: FetchLike = async (input) => {
      const host = new URL(String(input)).host;
      inFlight++;
      perHost.set(host, (perHost.get(host) ?? 0) + 1);
      maxInFlight = Math.max(maxInFlight, inFlight);
      maxPerHost = Math.max(maxPerHost, ...perHost.values());
      await new Promise((r) => setTimeout(r, 15));
      inFlight--;
      perHost.set(host, perHost.get(host)! - 1);
      return new Response('[]');
    };
    const limited = createRateLimitedFetch({ fetch: transport });
    await Promise.all([SPOT, SPOT, SPOT, FUTURES, FUTURES, FUTURES].map((u) => limited(u)));
    expect(maxPerHost).toBe(1);
    expect(maxInFlight).toBe(2);
  });

  it('waits for the next weight window once the used weight passes 80% of the limit', async () => {
    const windowMs = 300;
    const { transport, calls } = scripted([
      { headers: { 'x-mbx-used-weight-1m': '1900' } },
      { headers: { 'x-mbx-used-weight-1m': '1930' } },
      { headers: { 'x-mbx-used-weight-1m': '10' } },
    ]);
    const { waits, onWait } = recorder();
    const limited = createRateLimitedFetch({ fetch: transport, onWait, windowMs });
    // Start right after a window boundary so the first two calls share a window.
    await new Promise((r) => setTimeout(r, windowMs - (Date.now() % windowMs) + 5));
    await limited(FUTURES); // 1900 of 2400: under 80% (1920), no wait
    await limited(FUTURES); // 1930: over 80%
    await limited(FUTURES);
    expect(Math.floor(calls[1].at / windowMs)).toBe(Math.floor(calls[0].at / windowMs));
    expect(Math.floor(calls[2].at / windowMs)).toBeGreaterThan(Math.floor(calls[1].at / windowMs));
    expect(waits).toHaveLength(1);
    expect(waits[0]).toMatchObject({
      url: FUTURES,
      reason: 'rate limit (1930 of 2400 weight used this minute)',
    });
  });

  it('applies the spot limit (6000) to spot paths and reads x-mbx-used-weight as well', async () => {
    const { transport } = scripted([{ headers: { 'x-mbx-used-weight': '4000' } }]);
    const { waits, onWait } = recorder();
    const limited = createRateLimitedFetch({ fetch: transport, onWait, windowMs: 200 });
    await limited(SPOT);
    await limited(SPOT); // 4000 of 6000 is under 80%
    expect(waits).toEqual([]);
    const small = createRateLimitedFetch({ fetch: transport, onWait, windowMs: 200, spotWeightLimit: 4500 });
    await small(SPOT);
    await small(SPOT);
    expect(waits.map((w) => w.reason)).toEqual(['rate limit (4000 of 4500 weight used this minute)']);
  });

  it('sits out a 429 for as long as Retry-After says, then retries', async () => {
    const { transport, calls } = scripted([
      { status: 429, headers: { 'retry-after': '0.25' } },
      { body: '[1]' },
    ]);
    const { waits, onWait } = recorder();
    const limited = createRateLimitedFetch({ fetch: transport, onWait, backoff: fastBackoff });
    const response = await limited(SPOT);
    expect(await response.text()).toBe('[1]');
    expect(calls).toHaveLength(2);
    expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(240);
    expect(waits).toEqual([{ url: SPOT, reason: 'rate limit (HTTP 429)', delayMs: expect.any(Number) }]);
    expect(waits[0].delayMs).toBeGreaterThan(200);
  });

  it('backs off on a 429 without Retry-After', async () => {
    const { transport, calls } = scripted([{ status: 429 }, {}]);
    const { waits, onWait } = recorder();
    const limited = createRateLimitedFetch({ fetch: transport, onWait, backoff: fastBackoff });
    expect((await limited(SPOT)).status).toBe(200);
    expect(calls).toHaveLength(2);
    expect(waits).toEqual([{ url: SPOT, reason: 'rate limit (HTTP 429)', delayMs: 5 }]);
  });

  it('respects a 418 ban fully: no request to the host before it ends, for any caller', async () => {
    const { transport, calls } = scripted([{ status: 418, headers: { 'retry-after': '0.3' } }, {}]);
    const { waits, onWait } = recorder();
    const limited = createRateLimitedFetch({ fetch: transport, onWait, backoff: fastBackoff });
    const started = Date.now();
    const [a, b] = await Promise.all([limited(FUTURES), limited(FUTURES)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(calls).toHaveLength(3);
    expect(calls[1].at - started).toBeGreaterThanOrEqual(290);
    expect(waits[0].reason).toBe('IP ban (HTTP 418)');
  });

  it('fails at once, with the end time, when a ban is longer than it will wait', async () => {
    const { transport, calls } = scripted([{ status: 418, headers: { 'retry-after': '7200' } }]);
    const limited = createRateLimitedFetch({ fetch: transport, maxWaitMs: 60_000 });
    const err = await limited(FUTURES).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BinanceRestError);
    expect((err as Error).message).toMatch(
      /^Binance \(fapi\.example\.test\) has banned this IP until \d{4}-\d\d-\d\dT/,
    );
    expect((err as Error).message).toContain('requests sent earlier make a ban longer');
    // Later calls do not knock on the door either.
    await expect(limited(FUTURES)).rejects.toThrow(/has banned this IP/);
    expect(calls).toHaveLength(1);
  });

  it('retries a storm of 5xx with growing backoff, then returns the success', async () => {
    const { transport, calls } = scripted([
      { status: 503 },
      { status: 502 },
      { status: 500 },
      { body: '{"ok":1}' },
    ]);
    const { waits, onWait } = recorder();
    const limited = createRateLimitedFetch({ fetch: transport, onWait, backoff: fastBackoff });
    const response = await limited(SPOT);
    expect(await response.json()).toEqual({ ok: 1 });
    expect(calls).toHaveLength(4);
    expect(waits.map((w) => [w.reason, w.delayMs])).toEqual([
      ['server error (HTTP 503)', 5],
      ['server error (HTTP 502)', 10],
      ['server error (HTTP 500)', 20],
    ]);
  });

  it('retries network errors and attempts that time out', async () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    });
    let call = 0;
    const transport: FetchLike = (_input, init) => {
      call++;
      if (call === 1) return Promise.reject(refused);
      if (call === 2) {
        // Never answers: only the attempt timeout ends it.
        return new Promise((_, reject) =>
          init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)),
        );
      }
      return Promise.resolve(new Response('[]'));
    };
    const { waits, onWait } = recorder();
    const limited = createRateLimitedFetch({
      fetch: transport,
      onWait,
      backoff: fastBackoff,
      attemptTimeoutMs: 50,
    });
    expect((await limited(SPOT)).status).toBe(200);
    expect(waits.map((w) => w.reason)).toEqual([
      'network error (ECONNREFUSED)',
      'network error (no answer in time)',
    ]);
  });

  it('gives up after the maximum attempts with an error naming the endpoint and the last problem', async () => {
    const { transport, calls } = scripted([{ status: 503 }]);
    const limited = createRateLimitedFetch({ fetch: transport, backoff: fastBackoff, maxAttempts: 3 });
    const err = await limited(SPOT).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BinanceRestError);
    expect((err as BinanceRestError).failure).toBe('unavailable');
    expect((err as Error).message).toBe(
      'GET api.example.test/api/v3/klines failed 3 times, last with HTTP 503. Binance may be under maintenance; try again later.',
    );
    expect(calls).toHaveLength(3);
  });

  it('hands other answers (400 with a Binance error code) back untouched for ccxt to map', async () => {
    const body = '{"code":-1121,"msg":"Invalid symbol."}';
    const { transport, calls } = scripted([{ status: 400, body }]);
    const response = await createRateLimitedFetch({ fetch: transport })(SPOT);
    expect(response.status).toBe(400);
    expect(await response.text()).toBe(body);
    expect(calls).toHaveLength(1);
  });

  it('stops waiting at once when the signal aborts', async () => {
    const { transport } = scripted([{ status: 429, headers: { 'retry-after': '30' } }]);
    const controller = new AbortController();
    const limited = createRateLimitedFetch({ fetch: transport, signal: controller.signal });
    const started = Date.now();
    const pending = limited(SPOT);
    setTimeout(() => controller.abort(new Error('job cancelled')), 50);
    await expect(pending).rejects.toThrow('job cancelled');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
