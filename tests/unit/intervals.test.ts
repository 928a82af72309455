import { describe, expect, it } from 'vitest';
import {
  barsPerDay,
  DAY_MS,
  intervalMs,
  isKnownInterval,
  isoOrNull,
  utcDay,
  utcDayString,
} from '../../src/core/time/intervals.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('interval lengths', () => {
  it.each([
    ['1s', 1000],
    ['1m', MIN],
    ['3m', 3 * MIN],
    ['5m', 5 * MIN],
    ['15m', 15 * MIN],
    ['30m', 30 * MIN],
    ['1h', HOUR],
    ['2h', 2 * HOUR],
    ['4h', 4 * HOUR],
    ['6h', 6 * HOUR],
    ['8h', 8 * HOUR],
    ['12h', 12 * HOUR],
    ['1d', 24 * HOUR],
    ['3d', 72 * HOUR],
    ['1w', 7 * 24 * HOUR],
    ['1mo', 31 * 24 * HOUR],
  ])('%s is %d ms and known', (name, ms) => {
    expect(isKnownInterval(name)).toBe(true);
    expect(intervalMs(name)).toBe(ms);
  });

  it('DAY_MS is one day', () => {
    expect(DAY_MS).toBe(86_400_000);
  });

  it.each(['', '1M', '2m', '1H', '60m', '1y', 'mo', ' 1m'])('does not know %j', (name) => {
    expect(isKnownInterval(name)).toBe(false);
    expect(() => intervalMs(name)).toThrow(`Unknown bar interval "${name}"`);
  });

  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty'])(
    'isKnownInterval is false for the inherited name %j',
    (name) => {
      expect(isKnownInterval(name)).toBe(false);
    },
  );

  // Regression: names inherited from Object.prototype are not intervals.
  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty'])(
    'intervalMs throws for the inherited name %j',
    (name) => {
      expect(() => intervalMs(name)).toThrow(`Unknown bar interval "${name}"`);
    },
  );

  it('names the known intervals when refusing one', () => {
    expect(() => intervalMs('7m')).toThrow(/known: 1s, 1m, 3m, .*1w, 1mo/);
  });
});

describe('bars per day', () => {
  it.each([
    ['1s', 86_400],
    ['1m', 1440],
    ['3m', 480],
    ['5m', 288],
    ['15m', 96],
    ['30m', 48],
    ['1h', 24],
    ['2h', 12],
    ['4h', 6],
    ['6h', 4],
    ['8h', 3],
    ['12h', 2],
    ['1d', 1],
    ['3d', 1],
    ['1w', 1],
    ['1mo', 1],
  ])('%s → %d', (name, n) => {
    expect(barsPerDay(name)).toBe(n);
  });

  it('throws for an unknown interval', () => {
    expect(() => barsPerDay('2d')).toThrow(/Unknown bar interval/);
  });
});

describe('UTC days', () => {
  it('numbers days since the epoch and floors within a day', () => {
    expect(utcDay(0)).toBe(0);
    expect(utcDay(DAY_MS - 1)).toBe(0);
    expect(utcDay(DAY_MS)).toBe(1);
    expect(utcDay(Date.UTC(2020, 0, 1))).toBe(18262);
    expect(utcDay(Date.UTC(2020, 0, 1, 23, 59, 59, 999))).toBe(18262);
  });

  it('floors before the epoch too (no truncation toward zero)', () => {
    expect(utcDay(-1)).toBe(-1);
    expect(utcDay(-DAY_MS)).toBe(-1);
    expect(utcDay(-DAY_MS - 1)).toBe(-2);
  });

  it('formats a day number as YYYY-MM-DD', () => {
    expect(utcDayString(0)).toBe('1970-01-01');
    expect(utcDayString(18262)).toBe('2020-01-01');
    expect(utcDayString(utcDay(Date.UTC(2024, 1, 29, 12)))).toBe('2024-02-29');
    expect(utcDayString(-1)).toBe('1969-12-31');
  });

  it('isoOrNull keeps 0 as a time and maps only null/undefined to null', () => {
    expect(isoOrNull(null)).toBeNull();
    expect(isoOrNull(undefined)).toBeNull();
    expect(isoOrNull(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(isoOrNull(1518168494789)).toBe('2018-02-09T09:28:14.789Z');
  });
});
