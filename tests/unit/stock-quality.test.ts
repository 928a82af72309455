import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeSeries, computeQualityReport } from '../../src/core/quality/compute-quality-report.js';
import { intervalGrid } from '../../src/core/quality/interval-grid.js';
import type { BarColumns } from '../../src/core/store/bar-columns.js';
import { QualityReport } from '../../src/shared/contract/index.js';
import { dataPath } from '../helpers/paths.js';
import { filterRows, iso, pickRows } from '../helpers/quality-fixtures.js';
import {
  leanMinuteZips,
  loadLeanDaily,
  loadLeanMinuteZips,
  loadYfinanceCsv,
  newYorkMinuteOfDay,
} from '../helpers/stock-bars.js';

const MINUTE = 60_000;
const NOW = Date.parse('2026-01-02T03:04:05.000Z');
const SPY = { symbol: 'SPY', venue: 'us', market: 'stock' } as const;
const AAPL = { symbol: 'AAPL', venue: 'us', market: 'stock' } as const;

const OPEN_MINUTE = 9 * 60 + 30;
const CLOSE_MINUTE = 16 * 60;
/** Regular-session test that does not use the product calendar: 09:30 ≤ New York time < 16:00. */
const inRegularHours = (t: number) => {
  const minute = newYorkMinuteOfDay(t);
  return minute >= OPEN_MINUTE && minute < CLOSE_MINUTE;
};

describe('SPY minute bars, Friday 2013-10-04 to Friday 2013-10-11 (Lean, with extended hours)', () => {
  let columns: BarColumns;
  let report: QualityReport;
  let sessionBars: number;

  beforeAll(() => {
    const files = leanMinuteZips('spy').filter((f) => /2013100[4-9]|2013101[01]/.test(f));
    expect(files).toHaveLength(6);
    columns = loadLeanMinuteZips(files);
    report = computeQualityReport(columns, '1m', SPY, NOW);
    sessionBars = Array.from(columns.time).filter(inRegularHours).length;
  });

  it('matches the contract and counts every stored bar, extended hours included', () => {
    expect(QualityReport.safeParse(report).success).toBe(true);
    // 711 + 828 + 828 + 813 + 883 + 776 rows (PROVENANCE.md).
    expect(report.bars).toBe(4839);
    expect(report.first).toBe('2013-10-04T08:06:00.000Z');
    expect(report.last).toBe('2013-10-11T23:59:00.000Z');
  });

  it('expects 390 bars per session over six sessions, and finds no gap over the weekend or nights', () => {
    expect(sessionBars).toBe(6 * 390);
    expect(report.expectedBars).toBe(6 * 390);
    expect(report.completeness).toBe(1);
    expect(report).toMatchObject({ gapCount: 0, missingBars: 0, misaligned: 0, chronological: true });
    expect(report.gaps).toEqual([]);
  });

  it('lists the extended-hours bars as examples with their count, not as faults', () => {
    const outside = report.examples.filter((e) =>
      /outside the regular session|pre-market|after hours/.test(e.problem),
    );
    expect(outside).toHaveLength(3);
    expect(outside[0]).toEqual({
      time: '2013-10-04T08:06:00.000Z',
      problem: `${4839 - 2340} bars lie outside the regular session (kept; not expected, not gaps); the first: bar opens at 04:06 New York, outside the regular session (pre-market)`,
    });
    expect(report.ohlcViolations).toBe(0);
    expect(report.trainable).toBe(true);
  });

  it('reports a stretch removed inside a session as one gap with the right missing count', () => {
    // Tuesday 2013-10-08 11:00–11:29 New York (15:00–15:29 UTC, EDT).
    const from = Date.parse('2013-10-08T15:00:00Z');
    const to = Date.parse('2013-10-08T15:30:00Z');
    const holed = filterRows(columns, (t) => t < from || t >= to);
    expect(holed.time.length).toBe(columns.time.length - 30);
    const r = computeQualityReport(holed, '1m', SPY, NOW);
    expect(r.gapCount).toBe(1);
    expect(r.missingBars).toBe(30);
    expect(r.gaps).toEqual([
      {
        after: '2013-10-08T14:59:00.000Z',
        before: '2013-10-08T15:30:00.000Z',
        missingBars: 30,
        kind: 'missing',
      },
    ]);
    expect(r.expectedBars).toBe(2340);
    expect(r.completeness).toBeCloseTo(2310 / 2340, 12);
  });

  it('reports a whole missing session as a gap of 390 bars across the night', () => {
    const day = (t: number) => iso(t - 4 * 3_600_000).slice(0, 10);
    const holed = filterRows(columns, (t) => day(t) !== '2013-10-09');
    const r = computeQualityReport(holed, '1m', SPY, NOW);
    expect(r.gaps).toEqual([
      {
        after: '2013-10-08T19:59:00.000Z',
        before: '2013-10-10T13:30:00.000Z',
        missingBars: 390,
        kind: 'missing',
      },
    ]);
    expect(r.expectedBars).toBe(2340);
  });

  it('a removed pre-market stretch is no gap', () => {
    const holed = filterRows(columns, (t) => inRegularHours(t) || t > Date.parse('2013-10-07T00:00:00Z'));
    const r = computeQualityReport(holed, '1m', SPY, NOW);
    expect(r.gapCount).toBe(0);
    expect(r.completeness).toBe(1);
  });

  it('flags a session bar off the open + k·step grid as misaligned', () => {
    const rows = Array.from({ length: columns.time.length }, (_, i) => i);
    const shifted = pickRows(columns, rows);
    const i = Array.from(shifted.time).findIndex((t) => t === Date.parse('2013-10-07T17:00:00Z'));
    shifted.time[i] += 30_000;
    const r = computeQualityReport(shifted, '1m', SPY, NOW);
    expect(r.misaligned).toBe(1);
    expect(r.examples).toContainEqual({
      time: '2013-10-07T17:00:30.000Z',
      problem: 'open time is not on a whole 1m step from the 09:30 New York open',
    });
    expect(r.gapCount).toBe(0);
  });

  it('scans out-of-order bars sorted and still finds the session gaps only', () => {
    const from = Date.parse('2013-10-08T15:00:00Z');
    const to = Date.parse('2013-10-08T15:30:00Z');
    const holed = filterRows(columns, (t) => t < from || t >= to);
    const rows = Array.from({ length: holed.time.length }, (_, i) => i);
    [rows[100], rows[101]] = [rows[101], rows[100]];
    const r = analyzeSeries(pickRows(holed, rows), '1m', SPY, NOW);
    expect(r.report.chronological).toBe(false);
    expect(r.gaps).toEqual([{ after: from - MINUTE, before: to, missingBars: 30 }]);
  });
});

describe('SPY 2023-08-03, regular hours only (a summer day)', () => {
  it('is complete with 390 bars and no examples', () => {
    const all = loadLeanMinuteZips(leanMinuteZips('spy').filter((f) => f.includes('20230803')));
    const session = filterRows(all, inRegularHours);
    const r = computeQualityReport(session, '1m', SPY, NOW);
    expect(r).toMatchObject({ bars: 390, expectedBars: 390, completeness: 1, gapCount: 0, misaligned: 0 });
    expect(r.first).toBe('2023-08-03T13:30:00.000Z');
    expect(r.last).toBe('2023-08-03T19:59:00.000Z');
    expect(r.examples).toEqual([]);
  });
});

describe('AAPL minute bars from Yahoo (yfinance), 2025-02-03 … 2025-02-11 14:44 New York', () => {
  let columns: BarColumns;
  let report: QualityReport;

  beforeAll(() => {
    columns = loadYfinanceCsv(dataPath('yahoo/yfinance-csv/AAPL_1m.csv'));
    report = computeQualityReport(columns, '1m', AAPL, NOW);
  });

  /**
   * Reference gaps from the bar times alone: within a New York day the minute difference, across
   * days the minutes left in the first day's session plus those before the bar in the next.
   */
  function referenceGaps(times: Float64Array): Array<{ after: number; before: number; missing: number }> {
    const gaps = [];
    for (let i = 1; i < times.length; i++) {
      const a = newYorkMinuteOfDay(times[i - 1]) - OPEN_MINUTE;
      const b = newYorkMinuteOfDay(times[i]) - OPEN_MINUTE;
      const sameDay = times[i] - times[i - 1] < 12 * 3_600_000;
      // 2025-02-03 … 02-11 has no holiday: the next day with bars is the next session.
      const missing = sameDay ? b - a - 1 : 390 - a - 1 + b;
      if (missing > 0) gaps.push({ after: times[i - 1], before: times[i], missing });
    }
    return gaps;
  }

  it('expects the session minutes from first to last bar: six full sessions and 09:30–14:44', () => {
    expect(report.bars).toBe(2644);
    expect(report.expectedBars).toBe(6 * 390 + 315);
    expect(report.completeness).toBeCloseTo(2644 / 2655, 12);
    expect(report.bars + report.missingBars).toBe(report.expectedBars);
  });

  it('finds exactly the minutes Yahoo left out, none over the weekend or nights', () => {
    const expected = referenceGaps(columns.time);
    expect(report.missingBars).toBe(11);
    expect(report.gapCount).toBe(expected.length);
    const listed = [...report.gaps].sort((x, y) => x.after.localeCompare(y.after));
    expect(listed.map((g) => [g.after, g.before, g.missingBars])).toEqual(
      expected.map((g) => [iso(g.after), iso(g.before), g.missing]),
    );
    // 2025-02-03 11:14 New York (16:14 UTC) is missing: the first gap.
    expect(listed[0]).toMatchObject({
      after: '2025-02-03T16:13:00.000Z',
      before: '2025-02-03T16:15:00.000Z',
    });
    // No gap reaches from one day into the next.
    for (const g of report.gaps) expect(g.after.slice(0, 10)).toBe(g.before.slice(0, 10));
  });

  it('counts the weekend as a gap when judged around the clock, which is what the session grid avoids', () => {
    const crypto = computeQualityReport(columns, '1m', { ...AAPL, market: 'crypto-spot' }, NOW);
    const minutes = (Date.parse('2025-02-11T19:44:00Z') - Date.parse('2025-02-03T14:30:00Z')) / MINUTE + 1;
    expect(crypto.missingBars).toBe(minutes - 2644);
    expect(report.missingBars).toBe(11);
  });
});

describe('AAPL 5m bars from Yahoo across Thanksgiving and Christmas 2024 (half days)', () => {
  it('expects 42 bars on a 13:00 half day and nothing on the holiday', () => {
    const columns = loadYfinanceCsv(dataPath('yahoo/yfinance-csv/AAPL_5m.csv'));
    const day = (date: string) =>
      filterRows(columns, (t) => new Date(t - 5 * 3_600_000).toISOString().slice(0, 10) === date);
    expect(day('2024-11-28').time.length).toBe(0);
    expect(day('2024-11-29').time.length).toBe(42);
    const r = computeQualityReport(day('2024-11-29'), '5m', AAPL, NOW);
    expect(r).toMatchObject({ bars: 42, expectedBars: 42, gapCount: 0, misaligned: 0, completeness: 1 });
    // Wednesday before Thanksgiving to the Monday after: Thursday closed, Friday half day.
    const span = filterRows(
      columns,
      (t) => t >= Date.parse('2024-11-27T14:30:00Z') && t < Date.parse('2024-12-03T00:00:00Z'),
    );
    const spanReport = computeQualityReport(span, '5m', AAPL, NOW);
    expect(spanReport.expectedBars).toBe(78 + 42 + 78);
    expect(spanReport).toMatchObject({ bars: 78 + 42 + 78, gapCount: 0, completeness: 1 });
  });

  it('finds the whole quarter complete: holidays, half days and the 2025-01-09 closure expect nothing', () => {
    const columns = loadYfinanceCsv(dataPath('yahoo/yfinance-csv/AAPL_5m.csv'));
    const r = computeQualityReport(columns, '5m', AAPL, NOW);
    expect(r).toMatchObject({ bars: 4593, expectedBars: 4593, gapCount: 0, misaligned: 0, completeness: 1 });
    expect(r.examples).toEqual([]);
    // Without the National Day of Mourning for President Carter, 2025-01-09 would be 78 missing bars.
    const jan9 = filterRows(columns, (t) => iso(t).startsWith('2025-01-09'));
    expect(jan9.time.length).toBe(0);
  });
});

describe('AAPL 1h bars from Yahoo, 2022-03-16 … 2025-02-11 (open 09:30, 10:30 …)', () => {
  it('are aligned to the session across DST changes; the only gaps are the 12:30 bars of half days', () => {
    const columns = loadYfinanceCsv(dataPath('yahoo/yfinance-csv/AAPL_1h.csv'));
    const r = computeQualityReport(columns, '1h', AAPL, NOW);
    expect(r.bars).toBe(5085);
    expect(r.misaligned).toBe(0);
    expect(r.examples).toEqual([]);
    expect(r.bars + r.missingBars).toBe(r.expectedBars);
    // A half day expects 09:30, 10:30, 11:30 and 12:30 (cut short at 13:00); Yahoo publishes no
    // 12:30 bar on those days, so each is one missing bar after the 11:30 bar. Every other session
    // of the three years is complete: holidays, weekends and nights are no gaps.
    const halfDays = ['2022-11-25', '2023-07-03', '2023-11-24', '2024-07-03', '2024-11-29', '2024-12-24'];
    const listed = [...r.gaps].sort((x, y) => x.after.localeCompare(y.after));
    expect(
      listed.map((g) => [g.after.slice(0, 10), newYorkMinuteOfDay(Date.parse(g.after)), g.missingBars]),
    ).toEqual(halfDays.map((day) => [day, 11 * 60 + 30, 1]));
  });
});

describe('SPY daily bars (Lean, 1998-01-02 … 2021-03-31) stored at 00:00 UTC of the session date', () => {
  it('expect one bar per NYSE session and find every one of them', () => {
    const columns = loadLeanDaily('spy');
    const r = computeQualityReport(columns, '1d', SPY, NOW);
    expect(r.bars).toBe(5849);
    expect(r.examples.filter((e) => /daily bar dated/.test(e.problem))).toEqual([]);
    expect(r.gaps).toEqual([]);
    expect(r.expectedBars).toBe(5849);
    expect(r.completeness).toBe(1);
  });
});

describe('session grid', () => {
  it('expects 390 one-minute bars on a full day and 210 on a half day', () => {
    const grid = intervalGrid('1m', 'stock');
    expect(
      grid.stepsBetween(Date.parse('2024-11-27T14:30:00Z'), Date.parse('2024-11-27T20:59:00Z')) + 1,
    ).toBe(390);
    expect(
      grid.stepsBetween(Date.parse('2024-11-29T14:30:00Z'), Date.parse('2024-11-29T17:59:00Z')) + 1,
    ).toBe(210);
    // Wednesday's last minute to Friday's first: Thanksgiving Thursday expects nothing.
    expect(grid.stepsBetween(Date.parse('2024-11-27T20:59:00Z'), Date.parse('2024-11-29T14:30:00Z'))).toBe(1);
    // Friday's last half-day minute to Monday's open: no gap.
    expect(grid.stepsBetween(Date.parse('2024-11-29T17:59:00Z'), Date.parse('2024-12-02T14:30:00Z'))).toBe(1);
    expect(grid.isExpected(Date.parse('2024-11-29T18:00:00Z'))).toBe(false);
    expect(grid.isExpected(Date.parse('2024-11-28T15:00:00Z'))).toBe(false);
    expect(grid.describeUnexpected(Date.parse('2024-11-28T15:00:00Z'))).toBe(
      'bar opens at 10:00 New York on 2024-11-28, an NYSE holiday (Thanksgiving Day)',
    );
    expect(grid.describeUnexpected(Date.parse('2024-11-30T15:00:00Z'))).toBe(
      'bar opens at 10:00 New York on Saturday 2024-11-30, a day without a session',
    );
  });

  it('puts hourly stock bars at 09:30, 10:30 … 15:30 and counts 7 a day', () => {
    const grid = intervalGrid('1h', 'stock');
    expect(grid.isAligned(Date.parse('2024-01-10T14:30:00Z'))).toBe(true);
    expect(grid.isAligned(Date.parse('2024-01-10T15:00:00Z'))).toBe(false);
    expect(grid.isAligned(Date.parse('2024-07-10T19:30:00Z'))).toBe(true);
    expect(
      grid.stepsBetween(Date.parse('2024-01-10T14:30:00Z'), Date.parse('2024-01-10T20:30:00Z')) + 1,
    ).toBe(7);
    expect(grid.isExpected(Date.parse('2024-01-10T20:30:00Z'))).toBe(true);
    expect(grid.isExpected(Date.parse('2024-01-10T21:00:00Z'))).toBe(false);
  });

  it('keeps crypto grids around the clock', () => {
    expect(intervalGrid('1m', 'crypto-spot').stepsBetween(0, 86_400_000)).toBe(1440);
    expect(intervalGrid('1m').isExpected(Date.parse('2024-11-30T15:00:00Z'))).toBe(true);
  });

  it('counts one daily stock bar per session, none on weekends and holidays', () => {
    const grid = intervalGrid('1d', 'stock');
    // Wednesday 2024-11-27 to Monday 2024-12-02: Friday and Monday.
    expect(grid.stepsBetween(Date.parse('2024-11-27T00:00:00Z'), Date.parse('2024-12-02T00:00:00Z'))).toBe(2);
    expect(grid.isExpected(Date.parse('2024-11-28T00:00:00Z'))).toBe(false);
    expect(grid.isAligned(Date.parse('2024-11-29T14:30:00Z'))).toBe(false);
    expect(grid.describeUnexpected(Date.parse('2024-11-28T00:00:00Z'))).toBe(
      'daily bar dated 2024-11-28, an NYSE holiday (Thanksgiving Day)',
    );
  });
});
