import { describe, expect, it } from 'vitest';
import { dayOfMonth, intervalGrid, monthIndex } from '../../src/core/quality/interval-grid.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const t = (iso: string) => Date.parse(iso);

describe('bar boundaries per interval', () => {
  it.each([
    ['1m', '2020-01-01T00:07:00.000Z', true],
    ['1m', '2020-01-01T00:07:30.000Z', false],
    ['5m', '2020-01-01T00:35:00.000Z', true],
    ['5m', '2020-01-01T00:36:00.000Z', false],
    ['1h', '2018-02-09T09:00:00.000Z', true],
    // The candles Binance published after its 2018-02-08 outage.
    ['1h', '2018-02-09T09:28:14.789Z', false],
    ['4h', '2021-03-06T20:00:00.000Z', true],
    ['4h', '2021-03-06T21:00:00.000Z', false],
    ['1d', '2024-01-10T00:00:00.000Z', true],
    ['1d', '2024-01-10T01:00:00.000Z', false],
    ['3d', '2017-08-17T00:00:00.000Z', true],
    ['3d', '2017-08-17T12:00:00.000Z', false],
    // 1970-01-01 was a Thursday; weekly bars open on Mondays.
    ['1w', '1970-01-05T00:00:00.000Z', true],
    ['1w', '2024-01-08T00:00:00.000Z', true],
    ['1w', '2024-01-11T00:00:00.000Z', false],
    ['1w', '1970-01-01T00:00:00.000Z', false],
    ['1mo', '2024-02-01T00:00:00.000Z', true],
    ['1mo', '2024-03-01T00:00:00.000Z', true],
    ['1mo', '2024-02-29T00:00:00.000Z', false],
    ['1mo', '2024-02-01T00:00:01.000Z', false],
  ])('%s: %s aligned = %s', (interval, time, aligned) => {
    expect(intervalGrid(interval).isAligned(t(time))).toBe(aligned);
  });

  it('refuses an interval the lab does not know, naming it', () => {
    expect(() => intervalGrid('7m')).toThrow('"7m"');
  });
});

describe('slots between two bars', () => {
  it('counts slots, a misaligned open standing for the slot it opens in', () => {
    const h = intervalGrid('1h');
    expect(h.stepsBetween(t('2021-02-11T03:00:00Z'), t('2021-02-11T05:00:00Z'))).toBe(2);
    expect(h.stepsBetween(t('2018-02-08T00:00:00Z'), t('2018-02-09T09:28:14.789Z'))).toBe(33);
    // A bar 30 s off the minute stands for the minute it opens in: no gap before or after it.
    const m = intervalGrid('1m');
    expect(m.stepsBetween(t('2020-01-02T09:00:00Z'), t('2020-01-02T09:01:30Z'))).toBe(1);
    expect(m.stepsBetween(t('2020-01-02T09:01:30Z'), t('2020-01-02T09:02:00Z'))).toBe(1);
    // Back on the grid after the misaligned run: half an hour is one slot, not a gap.
    expect(h.stepsBetween(t('2018-02-11T03:28:14.789Z'), t('2018-02-11T04:00:00Z'))).toBe(1);
  });

  it('counts calendar months for 1mo, whatever their length', () => {
    const mo = intervalGrid('1mo');
    expect(mo.stepsBetween(t('2024-01-01T00:00:00Z'), t('2024-02-01T00:00:00Z'))).toBe(1);
    expect(mo.stepsBetween(t('2024-02-01T00:00:00Z'), t('2024-03-01T00:00:00Z'))).toBe(1);
    expect(mo.stepsBetween(t('2023-11-01T00:00:00Z'), t('2024-03-01T00:00:00Z'))).toBe(4);
  });
});

describe('civil dates without Date objects', () => {
  it('agrees with Date for every day from 1969 to 2101', () => {
    let mismatches = 0;
    for (let day = -400; day <= 48_000; day++) {
      const date = new Date(day * DAY);
      const month = date.getUTCFullYear() * 12 + date.getUTCMonth();
      if (dayOfMonth(day) !== date.getUTCDate() || monthIndex(day) !== month) mismatches++;
    }
    expect(mismatches).toBe(0);
  });
});
