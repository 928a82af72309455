import { describe, expect, it } from 'vitest';
import { chartToBars, splitAdjustments } from '../../src/core/ingest/yahoo/chart-to-bars.js';
import { recordedYahooChart } from '../helpers/yahoo-replay/index.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const AAPL_1M = 'chart-AAPL-2024-10-02-to-2024-10-03-includePrePost-false-interval-1m.json';
const AAPL_WEEKEND = 'chart-AAPL-2025-02-01-to-2025-02-02-includePrePost-false-interval-1m.json';
const NVDA_SPLIT = 'historical-via-chart-NVDA-split-2021-02-01-to-2022-01-31.csv.json';
const MSFT_DIVIDENDS = 'historical-via-chart-MSFT-dividends-2021-02-01-to-2022-01-31.csv.json';
const TSLA_30M = 'chart-TSLA-2021-11-22-to-2021-11-23-interval-30m.json';
const LATER = Date.parse('2025-03-01T00:00:00Z');
/** New York midnight as UTC ms (EDT: +4 h, EST: +5 h). */
const nyMidnight = (date: string, offsetHours: number) =>
  Date.parse(`${date}T00:00:00Z`) + offsetHours * HOUR;

describe('chartToBars on recorded Yahoo charts', () => {
  it('1m: keeps the exact values and open times, drops the null bar and the trailing bar outside the window', () => {
    const chart = recordedYahooChart(AAPL_1M);
    const keep = { from: nyMidnight('2024-10-02', 4), to: nyMidnight('2024-10-03', 4) };
    const { columns, dropped } = chartToBars({ chart, interval: '1m', keep, now: LATER, splits: [] });

    expect(chart.times).toHaveLength(391);
    expect(dropped).toEqual({ nulls: 1, outsideWindow: 1, unsound: 0, duplicates: 0 });
    expect(columns.time.length).toBe(389);
    const nullTime = Date.parse('2024-10-02T15:15:00Z');
    expect([...columns.time]).not.toContain(nullTime);
    expect([...columns.time]).not.toContain(Date.parse('2024-10-03T20:00:00Z'));
    // Every stored bar is Yahoo's bar, value for value (float32-looking numbers included).
    for (let k = 0; k < columns.time.length; k++) {
      const i = chart.times.indexOf(columns.time[k]);
      expect([columns.open[k], columns.high[k], columns.low[k], columns.close[k], columns.volume[k]]).toEqual(
        [chart.open[i], chart.high[i], chart.low[i], chart.close[i], chart.volume[i]],
      );
    }
    expect(columns.time[0]).toBe(Date.parse('2024-10-02T13:30:00Z'));
  });

  it('a weekend chart (no timestamp, quote [{}]) is zero bars, not a crash', () => {
    const chart = recordedYahooChart(AAPL_WEEKEND);
    const keep = { from: nyMidnight('2025-02-01', 5), to: nyMidnight('2025-02-02', 5) };
    const { columns, dropped } = chartToBars({ chart, interval: '1m', keep, now: LATER, splits: [] });
    expect(columns.time.length).toBe(0);
    expect(dropped).toEqual({ nulls: 0, outsideWindow: 0, unsound: 0, duplicates: 0 });
  });

  it('30m with pre/post market: every bar of the New York day is kept at its open time', () => {
    const chart = recordedYahooChart(TSLA_30M);
    const keep = { from: nyMidnight('2021-11-22', 5), to: nyMidnight('2021-11-23', 5) };
    const { columns } = chartToBars({ chart, interval: '30m', keep, now: LATER, splits: [] });
    expect([...columns.time]).toEqual(chart.times);
    expect([...columns.close]).toEqual(chart.close);
  });

  it('1d: stamps 00:00 UTC of the New York date and undoes the NVDA 4:1 split Yahoo applied before 2021-07-20', () => {
    const chart = recordedYahooChart(NVDA_SPLIT);
    const splits = splitAdjustments(chart.splits);
    expect(splits).toEqual([{ exDay: Date.parse('2021-07-20') / DAY, ratio: 4 }]);
    const keep = { from: nyMidnight('2021-02-01', 5), to: nyMidnight('2022-02-01', 5) };
    const { columns, dropped } = chartToBars({ chart, interval: '1d', keep, now: LATER, splits });
    expect(columns.time.length).toBe(252);
    expect(dropped).toEqual({ nulls: 0, outsideWindow: 0, unsound: 0, duplicates: 0 });
    expect(columns.time[0]).toBe(Date.parse('2021-02-01T00:00:00Z'));
    expect(chart.times[0]).toBe(Date.parse('2021-02-01T14:30:00Z'));

    const before = columns.time.indexOf(Date.parse('2021-07-19T00:00:00Z'));
    const after = before + 1;
    expect(columns.time[after]).toBe(Date.parse('2021-07-20T00:00:00Z'));
    // Raw: pre-split bars four times Yahoo's (split-adjusted) prices, a quarter of its volume.
    expect(columns.close[before]).toBe(chart.close[before]! * 4);
    expect(columns.volume[before]).toBe(chart.volume[before]! / 4);
    expect(columns.close[0]).toBe(13.237000465393066 * 4);
    expect(columns.close[after]).toBe(chart.close[after]);
    expect(columns.volume[after]).toBe(chart.volume[after]);
    // The day before the split closed near 75 raw (about 300 before the 2024 10:1 split too,
    // which this 2025 recording folds in but does not report: see chart-to-bars.ts).
    expect(columns.close[before]).toBeCloseTo(75.119, 2);
  });

  it('1d: drops the bar of a session that has not closed yet', () => {
    const chart = recordedYahooChart(MSFT_DIVIDENDS);
    const keep = { from: nyMidnight('2021-02-01', 5), to: nyMidnight('2022-02-01', 5) };
    // 2022-01-28 15:00 New York: that day's session is still open.
    const now = Date.parse('2022-01-28T20:00:00Z');
    const { columns, dropped } = chartToBars({ chart, interval: '1d', keep, now, splits: [] });
    expect(columns.time.length).toBe(251);
    expect(dropped.outsideWindow).toBe(1);
    expect(columns.time.at(-1)).toBe(Date.parse('2022-01-27T00:00:00Z'));
  });

  it('drops unsound bars and a second bar on the same New York date', () => {
    const chart = recordedYahooChart(MSFT_DIVIDENDS);
    // Real bars with two faults written in: bar 3 gets a high below its low; the last bar is
    // repeated later the same day, as Yahoo appends its "latest" bar.
    const high = [...chart.high];
    high[3] = chart.low[3]! - 1;
    const last = chart.times.length - 1;
    const faulty = {
      ...chart,
      high: [...high, chart.high[last]],
      times: [...chart.times, chart.times[last] + 5 * HOUR],
      open: [...chart.open, chart.open[last]],
      low: [...chart.low, chart.low[last]],
      close: [...chart.close, chart.close[last]],
      volume: [...chart.volume, chart.volume[last]],
    };
    const keep = { from: nyMidnight('2021-02-01', 5), to: nyMidnight('2022-02-01', 5) };
    const { columns, dropped } = chartToBars({ chart: faulty, interval: '1d', keep, now: LATER, splits: [] });
    expect(dropped).toEqual({ nulls: 0, outsideWindow: 0, unsound: 1, duplicates: 1 });
    expect(columns.time.length).toBe(251);
  });
});
