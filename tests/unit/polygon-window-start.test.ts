import { describe, expect, it } from 'vitest';
import { nanosToMillis } from '../../src/core/ingest/polygon/window-start.js';

describe('nanosToMillis (flat-file window_start)', () => {
  it('converts nanoseconds beyond 2^53 exactly', () => {
    // 2024-01-02 14:30:00 UTC, the first regular minute of 2024.
    const text = '1704205800000000000';
    expect(BigInt(text)).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
    expect(nanosToMillis(text)).toBe(1704205800000);
    expect(new Date(nanosToMillis(text)).toISOString()).toBe('2024-01-02T14:30:00.000Z');
  });

  it('is exact where going through a double is not', () => {
    // As a double, 1704205800002000000 ns is rounded: dividing it gives 1704205800001.9998 ms.
    const text = '1704205800002000000';
    expect(Number(text) / 1e6).not.toBe(1704205800002);
    expect(nanosToMillis(text)).toBe(1704205800002);
    expect(nanosToMillis(text)).toBe(Number(BigInt(text) / 1_000_000n));
    // One nanosecond off is the same double, yet not the same time: the text tells them apart.
    expect(Number('1704205800000000001')).toBe(Number('1704205800000000000'));
    expect(() => nanosToMillis('1704205800000000001')).toThrow(/not a whole millisecond/);
  });

  it('reads zero and leading zeros', () => {
    expect(nanosToMillis('0')).toBe(0);
    expect(nanosToMillis('0001000000')).toBe(1);
  });

  it('rejects a value that is not a whole millisecond', () => {
    expect(() => nanosToMillis('1704205800000000001')).toThrow(/not a whole millisecond/);
    expect(() => nanosToMillis('999')).toThrow(/not a whole millisecond/);
  });

  it('rejects what is not an integer of nanoseconds', () => {
    for (const bad of ['', '-1704205800000000000', '1.7042058e18', '1704205800000000000 ', 'abc']) {
      expect(() => nanosToMillis(bad), bad).toThrow(/not a whole number of nanoseconds/);
    }
    expect(() => nanosToMillis(`${'9'.repeat(24)}000000`)).toThrow(/beyond any date/);
  });
});
