import { describe, expect, it } from 'vitest';
import { createRequestThrottle } from '../../src/core/ingest/yahoo/request-throttle.js';

/** A fake clock whose sleep advances time instantly, recording each wait. */
function fakeClock() {
  let t = 0;
  const waits: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      waits.push(ms);
      t += ms;
    },
    waits,
    advance: (ms: number) => (t += ms),
  };
}

describe('request throttle (token bucket)', () => {
  it('lets the burst through, then one request per refill interval', async () => {
    const clock = fakeClock();
    const throttle = createRequestThrottle({ refillMs: 1_800, burst: 3, ...clock });
    for (let i = 0; i < 3; i++) await throttle.take();
    expect(clock.waits).toEqual([]);
    await throttle.take();
    await throttle.take();
    expect(clock.waits).toEqual([1_800, 1_800]);
    expect(clock.now()).toBe(3_600);
  });

  it('holds 2,000 requests an hour at the default rate once the burst is spent', async () => {
    const clock = fakeClock();
    const throttle = createRequestThrottle({ refillMs: 1_800, burst: 60, ...clock });
    for (let i = 0; i < 60 + 2_000; i++) await throttle.take();
    expect(clock.now()).toBe(3_600_000);
  });

  it('refills while idle, up to the burst', async () => {
    const clock = fakeClock();
    const throttle = createRequestThrottle({ refillMs: 1_000, burst: 2, ...clock });
    await throttle.take();
    await throttle.take();
    clock.advance(10_000);
    await throttle.take();
    await throttle.take();
    expect(clock.waits).toEqual([]);
    await throttle.take();
    expect(clock.waits).toEqual([1_000]);
  });

  it('rejects a waiter whose signal is aborted, without blocking the next one', async () => {
    const throttle = createRequestThrottle({ refillMs: 60_000, burst: 1 });
    await throttle.take();
    const controller = new AbortController();
    const waiting = throttle.take(controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(waiting).rejects.toThrow('cancelled');
    const off = createRequestThrottle({ refillMs: 0, burst: 1 });
    for (let i = 0; i < 5; i++) await off.take();
  });
});
