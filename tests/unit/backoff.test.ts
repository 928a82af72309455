import { describe, expect, it } from 'vitest';
import { backoffDelayMs, parseRetryAfter, sleep } from '../../src/core/net/backoff.js';

describe('backoffDelayMs', () => {
  it('doubles per attempt between half and all of the ceiling', () => {
    expect(backoffDelayMs(1, { baseMs: 100, random: () => 0 })).toBe(50);
    expect(backoffDelayMs(1, { baseMs: 100, random: () => 0.999999 })).toBe(100);
    expect(backoffDelayMs(3, { baseMs: 100, random: () => 0 })).toBe(200);
    expect(backoffDelayMs(3, { baseMs: 100, random: () => 0.5 })).toBe(300);
  });
  it('never exceeds the cap', () => {
    expect(backoffDelayMs(40, { baseMs: 500, maxMs: 8000, random: () => 0.999999 })).toBe(8000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter(' 0.5 ', now)).toBe(500);
  });
  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
  });
  it('gives null for absent or unreadable values', () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});

describe('sleep', () => {
  it('rejects with the abort reason as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const pending = sleep(10_000, controller.signal);
    setTimeout(() => controller.abort(new Error('stop')), 20);
    await expect(pending).rejects.toThrow('stop');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
