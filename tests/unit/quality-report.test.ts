import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeSeries, computeQualityReport } from '../../src/core/quality/compute-quality-report.js';
import type { BarColumns } from '../../src/core/store/bar-columns.js';
import { QualityReport } from '../../src/shared/contract/index.js';
import {
  copyColumns,
  csvOpenTimes,
  DAILY_1M_ZIPS,
  filterRows,
  iso,
  loadFutures1d,
  loadKlines,
  monthlyCsvs,
  pickRows,
} from '../helpers/quality-fixtures.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-01-02T03:04:05.000Z');
const BTC_SPOT = { symbol: 'BTCUSDT', venue: 'binance', market: 'crypto-spot' } as const;

describe('quality of the 60 real BTCUSDT 1h monthly files (2017-08 … 2023-05)', () => {
  const files = monthlyCsvs('BTCUSDT');
  let columns: BarColumns;
  let report: QualityReport;
  // Reference values read from the CSV text itself, not through the product parser.
  let times: number[];
  let referenceGaps: Array<{ after: number; before: number; missing: number }>;

  beforeAll(() => {
    expect(files).toHaveLength(60);
    columns = loadKlines(files);
    report = computeQualityReport(columns, '1h', BTC_SPOT, NOW);
    times = csvOpenTimes(files);
    referenceGaps = [];
    for (let i = 1; i < times.length; i++) {
      const hours = (times[i] - times[i - 1]) / HOUR;
      if (hours >= 1.5) referenceGaps.push({ after: times[i - 1], before: times[i], missing: Math.round(hours) - 1 });
    }
  });

  it('matches the contract schema', () => {
    expect(QualityReport.safeParse(report).success).toBe(true);
    expect(report).toMatchObject({ ...BTC_SPOT, interval: '1h', computedAt: '2026-01-02T03:04:05.000Z' });
  });

  it('counts bars and spans first to last', () => {
    expect(times).toHaveLength(43_261);
    expect(report.bars).toBe(43_261);
    expect(report.first).toBe('2017-08-17T04:00:00.000Z');
    expect(report.last).toBe('2023-05-31T23:00:00.000Z');
    expect(report.first).toBe(iso(times[0]));
    expect(report.last).toBe(iso(times[times.length - 1]));
  });

  it('expects one bar per hour from first to last, and every slot is a bar or a missing bar', () => {
    const hours = (Date.parse('2023-05-31T23:00:00Z') - Date.parse('2017-08-17T04:00:00Z')) / HOUR + 1;
    expect(report.expectedBars).toBe(hours);
    expect(report.completeness).toBeCloseTo(43_261 / hours, 12);
    expect(report.bars + report.missingBars).toBe(report.expectedBars);
  });

  it('is in time order without duplicates or impossible prices, so trainable', () => {
    expect(report.chronological).toBe(true);
    expect(report.duplicates).toBe(0);
    expect(report.ohlcViolations).toBe(0);
    expect(report.trainable).toBe(true);
  });

  it('finds the 43 candles opening at :28:14.789 after the 2018-02-08 outage', () => {
    const offGrid = times.filter((t) => t % HOUR !== 0);
    expect(offGrid).toHaveLength(43);
    expect(iso(offGrid[0])).toBe('2018-02-09T09:28:14.789Z');
    expect(iso(offGrid[42])).toBe('2018-02-11T03:28:14.789Z');
    expect(report.misaligned).toBe(43);
    const examples = report.examples.filter((e) => e.problem.includes('not on a whole 1h step'));
    expect(examples.map((e) => e.time)).toEqual([
      '2018-02-09T09:28:14.789Z',
      '2018-02-09T10:28:14.789Z',
      '2018-02-09T11:28:14.789Z',
    ]);
  });

  it('finds every gap of the CSV text, the 2022-03 … 2022-12 hole and the 2018-02-08 outage first', () => {
    expect(referenceGaps).toHaveLength(29);
    expect(report.gapCount).toBe(29);
    expect(report.missingBars).toBe(referenceGaps.reduce((sum, g) => sum + g.missing, 0));
    expect(report.missingBars).toBe(7_471);
    expect(report.gaps.slice(0, 3)).toEqual([
      { after: '2022-02-28T23:00:00.000Z', before: '2023-01-01T00:00:00.000Z', missingBars: 7_344, kind: 'missing' },
      // 01:00 on the 8th to 08:00 on the 9th: 32 hours; the 09:28 candle stands in for 09:00.
      { after: '2018-02-08T00:00:00.000Z', before: '2018-02-09T09:28:14.789Z', missingBars: 32, kind: 'missing' },
      { after: '2018-06-26T01:00:00.000Z', before: '2018-06-26T12:00:00.000Z', missingBars: 10, kind: 'missing' },
    ]);
    const listed = new Set(report.gaps.map((g) => `${g.after} ${g.before} ${g.missingBars}`));
    for (const g of referenceGaps) expect(listed).toContain(`${iso(g.after)} ${iso(g.before)} ${g.missing}`);
  });

  it('lists gaps longest first, earlier first among equals', () => {
    for (let i = 1; i < report.gaps.length; i++) {
      const [a, b] = [report.gaps[i - 1], report.gaps[i]];
      expect(a.missingBars > b.missingBars || (a.missingBars === b.missingBars && a.after < b.after)).toBe(true);
    }
  });

  it('does not call the return to the grid (03:28 → 04:00 on 2018-02-11) a gap', () => {
    expect(report.gaps.some((g) => g.after.startsWith('2018-02-11') || g.before.startsWith('2018-02-11'))).toBe(false);
  });
});

describe('faults planted in copies of real bars', () => {
  const files = monthlyCsvs('BTCUSDT', /2021-0[1-3]/);
  let original: BarColumns;
  beforeAll(() => {
    original = loadKlines(files);
  });

  it('finds a bar whose high and low were swapped, with its time', () => {
    const broken = copyColumns(original);
    const row = 500;
    [broken.high[row], broken.low[row]] = [broken.low[row], broken.high[row]];
    const report = computeQualityReport(broken, '1h', BTC_SPOT, NOW);
    expect(report.ohlcViolations).toBe(1);
    expect(report.examples).toEqual([
      { time: iso(original.time[row]), problem: `high ${original.low[row]} is below low ${original.high[row]}` },
    ]);
    expect(computeQualityReport(original, '1h', BTC_SPOT, NOW).ohlcViolations).toBe(0);
  });

  it.each([
    ['a zero close', (c: BarColumns, r: number) => (c.close[r] = 0), 'close 0 is not positive'],
    ['a NaN open', (c: BarColumns, r: number) => (c.open[r] = NaN), 'open is not a number (NaN)'],
    ['a negative volume', (c: BarColumns, r: number) => (c.volume[r] = -1), 'volume -1 is negative'],
    ['a high below the close', (c: BarColumns, r: number) => (c.high[r] = c.close[r] - 1), 'is below'],
    ['a low above the open', (c: BarColumns, r: number) => (c.low[r] = Math.max(c.open[r], c.close[r]) + 1), 'is above'],
  ])('finds %s', (_name, damage, problem) => {
    const broken = copyColumns(original);
    damage(broken, 1234);
    const report = computeQualityReport(broken, '1h', BTC_SPOT, NOW);
    expect(report.ohlcViolations).toBe(1);
    expect(report.examples).toHaveLength(1);
    expect(report.examples[0].time).toBe(iso(original.time[1234]));
    expect(report.examples[0].problem).toContain(problem);
  });

  it('counts a repeated bar as a duplicate, not chronological and not trainable', () => {
    const rows = Array.from({ length: original.time.length }, (_, i) => i);
    rows.splice(101, 0, 100);
    const report = computeQualityReport(pickRows(original, rows), '1h', BTC_SPOT, NOW);
    expect(report.bars).toBe(original.time.length + 1);
    expect(report.duplicates).toBe(1);
    expect(report.chronological).toBe(false);
    expect(report.trainable).toBe(false);
    expect(report.completeness).toBe(computeQualityReport(original, '1h', BTC_SPOT, NOW).completeness);
    expect(report.examples).toEqual([{ time: iso(original.time[100]), problem: `more than one bar opens at ${iso(original.time[100])}` }]);
  });

  it('finds duplicates that are not neighbours, and bars out of order, and keeps the gaps of the bars present', () => {
    const clean = computeQualityReport(original, '1h', BTC_SPOT, NOW);
    const rows = Array.from({ length: original.time.length }, (_, i) => i);
    [rows[10], rows[11]] = [rows[11], rows[10]]; // out of order
    rows.push(5); // a copy of an early bar at the end
    const report = computeQualityReport(pickRows(original, rows), '1h', BTC_SPOT, NOW);
    expect(report.chronological).toBe(false);
    expect(report.duplicates).toBe(1);
    expect(report.first).toBe(clean.first);
    expect(report.last).toBe(clean.last);
    expect(report.gaps).toEqual(clean.gaps);
    // In time order (the two about the bar of 05:00 in the order they were found).
    expect(report.examples.map((e) => e.problem)).toEqual([
      `bar ${rows.length - 1} opens at ${iso(original.time[5])}, not after the bar before it (${iso(original.time[original.time.length - 1])})`,
      `more than one bar opens at ${iso(original.time[5])}`,
      `bar 11 opens at ${iso(original.time[10])}, not after the bar before it (${iso(original.time[11])})`,
    ]);
  });

  it('keeps at most 3 examples of a fault and counts them all', () => {
    const broken = copyColumns(original);
    for (let r = 0; r < 50; r++) broken.volume[r * 10] = -2;
    const report = computeQualityReport(broken, '1h', BTC_SPOT, NOW);
    expect(report.ohlcViolations).toBe(50);
    expect(report.examples.map((e) => e.time)).toEqual([0, 10, 20].map((r) => iso(original.time[r])));
  });

  it('is not trainable below 1,000 bars', () => {
    const short = filterRows(original, (_t, i) => i < 999);
    expect(computeQualityReport(short, '1h', BTC_SPOT, NOW).trainable).toBe(false);
    const enough = filterRows(original, (_t, i) => i < 1000);
    expect(computeQualityReport(enough, '1h', BTC_SPOT, NOW).trainable).toBe(true);
  });

  it('reports an empty series as empty', () => {
    const report = computeQualityReport(filterRows(original, () => false), '1h', BTC_SPOT, NOW);
    expect(report).toMatchObject({ bars: 0, first: null, last: null, expectedBars: 0, completeness: 0, gapCount: 0, trainable: false });
    expect(QualityReport.safeParse(report).success).toBe(true);
  });
});

describe('1m: three real daily archives (2020-01-01 … 03)', () => {
  it('is complete and aligned; a bar moved 30 s off the minute is misaligned', () => {
    const columns = loadKlines(DAILY_1M_ZIPS);
    const report = computeQualityReport(columns, '1m', BTC_SPOT, NOW);
    expect(report).toMatchObject({ bars: 4320, expectedBars: 4320, completeness: 1, misaligned: 0, gapCount: 0, trainable: true });
    const moved = copyColumns(columns);
    moved.time[2000] += 30_000;
    const shifted = computeQualityReport(moved, '1m', BTC_SPOT, NOW);
    expect(shifted.misaligned).toBe(1);
    expect(shifted.gapCount).toBe(0);
    expect(shifted.examples).toEqual([{ time: iso(moved.time[2000]), problem: 'open time is not on a whole 1m step from 00:00 UTC' }]);
  });

  it('counts a removed hour as 60 missing bars in one gap', () => {
    const columns = loadKlines(DAILY_1M_ZIPS);
    const from = Date.parse('2020-01-02T10:00:00Z');
    const cut = filterRows(columns, (t) => t < from || t >= from + HOUR);
    const report = computeQualityReport(cut, '1m', BTC_SPOT, NOW);
    expect(report).toMatchObject({ bars: 4260, expectedBars: 4320, gapCount: 1, missingBars: 60 });
    expect(report.completeness).toBeCloseTo(4260 / 4320, 12);
    expect(report.gaps).toEqual([
      { after: '2020-01-02T09:59:00.000Z', before: '2020-01-02T11:00:00.000Z', missingBars: 60, kind: 'missing' },
    ]);
  });
});

describe('1d, 1w and 1mo on the real USD-M futures daily bars (2024-01-10 … 2026-03-19)', () => {
  let daily: BarColumns;
  beforeAll(() => {
    daily = loadFutures1d();
  });
  const FUTURES = { symbol: 'BTCUSDT', venue: 'binance', market: 'crypto-perp' } as const;

  it('1d: 800 bars at midnight UTC, complete', () => {
    const report = computeQualityReport(daily, '1d', FUTURES, NOW);
    expect(report).toMatchObject({ bars: 800, expectedBars: 800, completeness: 1, misaligned: 0, gapCount: 0, ohlcViolations: 0 });
    expect(report.first).toBe('2024-01-10T00:00:00.000Z');
  });

  it('1w: the Monday bars are aligned; read as weekly bars, every other day is misaligned', () => {
    const mondays = filterRows(daily, (t) => new Date(t).getUTCDay() === 1);
    const weekly = computeQualityReport(mondays, '1w', FUTURES, NOW);
    expect(weekly.misaligned).toBe(0);
    expect(weekly.gapCount).toBe(0);
    expect(weekly.expectedBars).toBe(mondays.time.length);

    const notMonday = Array.from(daily.time).filter((t) => new Date(t).getUTCDay() !== 1).length;
    const asWeekly = computeQualityReport(daily, '1w', FUTURES, NOW);
    expect(asWeekly.misaligned).toBe(notMonday);
    expect(asWeekly.examples[0]).toEqual({ time: '2024-01-10T00:00:00.000Z', problem: 'open time is not on Monday 00:00 UTC' });
  });

  it('1mo: the bars of the 1st are aligned and one missing month is one missing bar', () => {
    const firsts = filterRows(daily, (t) => new Date(t).getUTCDate() === 1);
    const monthly = computeQualityReport(firsts, '1mo', FUTURES, NOW);
    // 2024-02-01 … 2026-03-01.
    expect(monthly).toMatchObject({ bars: 26, expectedBars: 26, misaligned: 0, gapCount: 0 });
    const withoutMarch = filterRows(firsts, (t) => iso(t) !== '2025-03-01T00:00:00.000Z');
    const holed = computeQualityReport(withoutMarch, '1mo', FUTURES, NOW);
    expect(holed.gaps).toEqual([
      { after: '2025-02-01T00:00:00.000Z', before: '2025-04-01T00:00:00.000Z', missingBars: 1, kind: 'missing' },
    ]);
    expect(holed.expectedBars).toBe(26);
    const days = computeQualityReport(daily, '1mo', FUTURES, NOW);
    expect(days.misaligned).toBe(800 - 26);
  });

  it('1d: a week removed is one gap of 7 bars', () => {
    const from = Date.parse('2025-06-02T00:00:00Z');
    const cut = filterRows(daily, (t) => t < from || t >= from + 7 * DAY);
    const report = computeQualityReport(cut, '1d', FUTURES, NOW);
    expect(report.gaps).toEqual([
      { after: '2025-06-01T00:00:00.000Z', before: '2025-06-09T00:00:00.000Z', missingBars: 7, kind: 'missing' },
    ]);
  });
});

describe('analysis for classification', () => {
  it('keeps every gap in time order and maps the listed ones back to them', () => {
    const columns = loadKlines(monthlyCsvs('BTCUSDT'));
    const analysis = analyzeSeries(columns, '1h', BTC_SPOT, NOW);
    expect(analysis.gaps).toHaveLength(29);
    for (let i = 1; i < analysis.gaps.length; i++) expect(analysis.gaps[i].after).toBeGreaterThan(analysis.gaps[i - 1].after);
    analysis.report.gaps.forEach((gap, k) => expect(iso(analysis.gaps[analysis.listed[k]].after)).toBe(gap.after));
    expect(analysis.first).toBe(columns.time[0]);
    expect(analysis.last).toBe(columns.time[columns.time.length - 1]);
  });
});
