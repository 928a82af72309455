import { describe, expect, it } from 'vitest';
import { planYahooRequests } from '../../src/core/ingest/yahoo/yahoo-windows.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** A Wednesday afternoon in New York (EDT), 2024-10-09 18:00 UTC. */
const NOW = Date.parse('2024-10-09T18:00:00Z');
const nyMidnight = (date: string, offsetHours = 4) => Date.parse(`${date}T00:00:00Z`) + offsetHours * HOUR;

describe('planYahooRequests', () => {
  it('1m: the last 30 days in requests of at most 7 days, ending now; the default range needs no note', () => {
    const plan = planYahooRequests({ interval: '1m', now: NOW });
    expect(plan.yahooInterval).toBe('1m');
    expect(plan.notes).toEqual([]);
    const start = NOW - 30 * DAY + HOUR;
    expect(plan.keep).toEqual({ from: start, to: nyMidnight('2024-10-10') });
    expect(plan.requests.map((r) => [(r.period1 - start) / DAY, (r.period2 - start) / DAY])).toEqual([
      [0, 7],
      [7, 14],
      [14, 21],
      [21, 28],
      [28, (NOW - start) / DAY],
    ]);
    expect(plan.requests.every((r) => r.period2 - r.period1 <= 7 * DAY)).toBe(true);
  });

  it('1m: a start older than 30 days is clipped with a note, not an error', () => {
    const plan = planYahooRequests({ interval: '1m', from: '2024-01-02', to: '2024-10-04', now: NOW });
    expect(plan.notes).toHaveLength(1);
    expect(plan.notes[0]).toMatch(/only the last 30 days of 1m bars; asked from 2024-01-02/);
    expect(plan.keep!.from).toBe(NOW - 30 * DAY + HOUR);
    // "to" is inclusive: bars up to New York midnight after 2024-10-04.
    expect(plan.keep!.to).toBe(nyMidnight('2024-10-05'));
    expect(plan.requests.at(-1)!.period2).toBe(nyMidnight('2024-10-05'));
  });

  it('a range that ends before the window: nothing to fetch, with a note', () => {
    const plan = planYahooRequests({ interval: '5m', from: '2024-01-02', to: '2024-01-31', now: NOW });
    expect(plan.requests).toEqual([]);
    expect(plan.keep).toBeNull();
    expect(plan.notes.join(' ')).toMatch(/ends before the last 60 days/);
  });

  it('5m/15m/30m: 60 days in one request; 1h: 730 days, asked for as 60m', () => {
    for (const interval of ['5m', '15m', '30m'] as const) {
      const plan = planYahooRequests({ interval, now: NOW });
      expect(plan.requests).toEqual([{ period1: NOW - 60 * DAY + HOUR, period2: NOW }]);
    }
    const hourly = planYahooRequests({ interval: '1h', from: '2020-01-02', now: NOW });
    expect(hourly.yahooInterval).toBe('60m');
    expect(hourly.requests).toEqual([{ period1: NOW - 730 * DAY + HOUR, period2: NOW }]);
    expect(hourly.notes[0]).toMatch(/730 days/);
  });

  it('1d: all history in one request that runs up to now (it brings the later splits), keeping only [from, to]', () => {
    const plan = planYahooRequests({ interval: '1d', from: '2021-02-01', to: '2022-01-31', now: NOW });
    // New York midnight in winter is 05:00 UTC.
    expect(plan.requests).toEqual([{ period1: nyMidnight('2021-02-01', 5), period2: NOW }]);
    expect(plan.keep).toEqual({ from: nyMidnight('2021-02-01', 5), to: nyMidnight('2022-02-01', 5) });
    expect(plan.notes).toEqual([]);
    expect(planYahooRequests({ interval: '1d', now: NOW }).requests).toEqual([{ period1: 0, period2: NOW }]);
  });

  it('a range starting in the future is empty with a note', () => {
    const plan = planYahooRequests({ interval: '1d', from: '2024-10-11', now: NOW });
    expect(plan.requests).toEqual([]);
    expect(plan.notes[0]).toMatch(/future/);
  });
});
