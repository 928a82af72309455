import { describe, expect, it } from 'vitest';
import {
  COINGECKO_CALLS_PER_MINUTE,
  RequestThrottle,
  type ThrottleClock,
} from '../../src/core/ingest/coingecko/request-throttle.js';
import { coingeckoAccess } from '../../src/core/ingest/coingecko/coingecko-access.js';

function fakeClock(start = 1_000_000) {
  const sleeps: number[] = [];
  const clock: ThrottleClock & { t: number } = {
    t: start,
    now: () => clock.t,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      clock.t += ms;
    },
  };
  return { clock, sleeps };
}

describe('RequestThrottle', () => {
  it('lets `limit` requests go at once, then waits for the oldest to leave the window', async () => {
    const { clock, sleeps } = fakeClock();
    const throttle = new RequestThrottle(3, 60_000, clock);
    const t0 = clock.t;
    await throttle.acquire();
    clock.t += 5_000;
    await throttle.acquire();
    clock.t += 5_000;
    await throttle.acquire();
    expect(sleeps).toEqual([]);
    // Sent at t0, t0+5s, t0+10s: the fourth may go when the first is 60 s old.
    expect(throttle.delayAt(clock.t)).toBe(50_000);
    await throttle.acquire();
    expect(sleeps).toEqual([50_000]);
    expect(clock.t).toBe(t0 + 60_000);
    // Now sent at +5, +10, +60: the next waits for +5 to expire at +65.
    expect(throttle.delayAt(clock.t)).toBe(5_000);
  });

  it('never exceeds the limit in any window over a long run', async () => {
    const { clock } = fakeClock();
    const throttle = new RequestThrottle(COINGECKO_CALLS_PER_MINUTE.demo, 60_000, clock);
    const sent: number[] = [];
    for (let i = 0; i < 100; i++) {
      await throttle.acquire();
      sent.push(clock.t);
      clock.t += 100;
    }
    for (let i = 0; i < sent.length; i++) {
      const inWindow = sent.filter((t) => t > sent[i] - 60_000 && t <= sent[i]).length;
      expect(inWindow).toBeLessThanOrEqual(COINGECKO_CALLS_PER_MINUTE.demo);
    }
    // 100 calls at 25 a minute: the last leaves 3 windows after the first.
    expect(sent.at(-1)! - sent[0]).toBeGreaterThanOrEqual(3 * 60_000);
    expect(sent.at(-1)! - sent[0]).toBeLessThan(3 * 60_000 + 25 * 100);
  });

  it('holds every request until a Retry-After block has passed', async () => {
    const { clock, sleeps } = fakeClock();
    const throttle = new RequestThrottle(25, 60_000, clock);
    await throttle.acquire();
    throttle.blockUntil(clock.t + 7_000);
    throttle.blockUntil(clock.t + 2_000); // a shorter block never shortens a longer one
    const waits: number[] = [];
    await throttle.acquire(undefined, (ms) => waits.push(ms));
    expect(waits).toEqual([7_000]);
    expect(sleeps).toEqual([7_000]);
  });

  it('stops waiting at once when cancelled', async () => {
    const { clock } = fakeClock();
    const throttle = new RequestThrottle(1, 60_000, clock);
    await throttle.acquire();
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    await expect(throttle.acquire(controller.signal)).rejects.toThrow('cancelled');
  });

  it('refuses a limit below 1', () => {
    expect(() => new RequestThrottle(0)).toThrow(/at least 1/);
  });
});

describe('coingeckoAccess', () => {
  it('sends a Demo key in x-cg-demo-api-key to the public API, throttled under 30 calls/minute', () => {
    const access = coingeckoAccess('https://api.coingecko.com/api/v3', 'CG-demo');
    expect(access).toEqual({
      plan: 'demo',
      headers: { 'x-cg-demo-api-key': 'CG-demo' },
      callsPerMinute: COINGECKO_CALLS_PER_MINUTE.demo,
    });
    expect(access.callsPerMinute).toBeLessThan(30);
  });

  it('sends a Pro key in x-cg-pro-api-key when the base URL is pro-api.', () => {
    expect(coingeckoAccess('https://pro-api.coingecko.com/api/v3/', 'CG-pro')).toMatchObject({
      plan: 'pro',
      headers: { 'x-cg-pro-api-key': 'CG-pro' },
    });
  });

  it('goes keyless without a key, slower; the Pro API without a key is a clear error', () => {
    expect(coingeckoAccess('https://api.coingecko.com/api/v3', '  ')).toEqual({
      plan: 'keyless',
      headers: {},
      callsPerMinute: COINGECKO_CALLS_PER_MINUTE.keyless,
    });
    expect(() => coingeckoAccess('https://pro-api.coingecko.com/api/v3', undefined)).toThrow(
      /Pro API key.*COINGECKO_API_KEY.*Settings/,
    );
  });
});
