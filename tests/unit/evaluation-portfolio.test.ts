import { describe, expect, test } from 'vitest';
import { barsPerYear } from '../../src/core/evaluation/bars-per-year.js';
import {
  portfolioReturns,
  portfolioStats,
  type PortfolioPart,
} from '../../src/core/evaluation/equal-weight-portfolio.js';
import { performanceStats, type TradedSteps } from '../../src/core/evaluation/performance-stats.js';
import type { SeriesWindow, TrainingSeries } from '../../src/core/sim/training-series.js';
import { loadBinanceSeries } from '../helpers/real-series.js';

// The overall portfolio on hand-built traces of real BTCUSDT closes: hourly bars as stored, and
// daily bars read off the same hours (a day's close is its 23:00 hour's close).
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const COMMISSION = 0.001;

/** Q4 2021: 2,208 hourly bars without an outage. */
const hourly = loadBinanceSeries('BTCUSDT', '1h', { months: /2021-1/ });

/** Daily bars of the complete UTC days of the hourly bars (opening time 00:00, close of the 23:00 bar). */
function dailyFromHourly(time: Float64Array, close: Float64Array) {
  const days: number[] = [];
  const closes: number[] = [];
  for (let i = 23; i < time.length; i++) {
    if (time[i] % DAY === 23 * HOUR && time[i] - time[i - 23] === 23 * HOUR) {
      days.push(time[i] - 23 * HOUR);
      closes.push(close[i]);
    }
  }
  return { time: Float64Array.from(days), close: Float64Array.from(closes) };
}

/** The portfolio reads only the series' clock (times, interval, market) of a window. */
function windowOf(time: Float64Array, interval: string, start = 0, end = time.length): SeriesWindow {
  const series = { symbol: 'BTCUSDT', market: 'crypto-spot', interval, time } as unknown as TrainingSeries;
  return { series, start, end };
}

/** Long from the first close to the last with one commission, as the simulator would trace it. */
function holdTrace(close: Float64Array, start: number, end: number): TradedSteps {
  const steps = end - start - 1;
  const netReturns = new Float64Array(steps);
  const fees = new Float64Array(steps);
  fees[0] = COMMISSION;
  for (let j = 0; j < steps; j++)
    netReturns[j] = (1 - fees[j]) * (close[start + j + 1] / close[start + j]) - 1;
  return { positions: new Int8Array(steps).fill(1), netReturns, fees };
}

function part(window: SeriesWindow, trace: TradedSteps): PortfolioPart {
  const { interval, market } = window.series;
  return { window, trace, stats: performanceStats(trace, barsPerYear(interval, market)) };
}

const daily = dailyFromHourly(hourly.time, hourly.close);
const hourlyPart = part(windowOf(hourly.time, '1h'), holdTrace(hourly.close, 0, hourly.time.length));
const dailyPart = part(windowOf(daily.time, '1d'), holdTrace(daily.close, 0, daily.time.length));

describe('equal-capital portfolio', () => {
  test('one series alone is that series (hourly and daily clocks)', () => {
    for (const p of [hourlyPart, dailyPart]) {
      const overall = portfolioStats([p]);
      expect(overall.totalReturn).toBeCloseTo(p.stats.totalReturn, 12);
      expect(overall.maxDrawdown).toBeCloseTo(p.stats.maxDrawdown, 12);
      expect(overall.feesPaid).toBeCloseTo(p.stats.feesPaid, 15);
      expect(overall.bars).toBe(p.stats.bars);
    }
    // Without gaps the clock is the bars' own (8,760 / 365 steps a year).
    expect(portfolioStats([hourlyPart]).sharpe).toBeCloseTo(hourlyPart.stats.sharpe, 10);
    expect(portfolioStats([dailyPart]).sharpe).toBeCloseTo(dailyPart.stats.sharpe, 10);
    expect(portfolioReturns([dailyPart]).stepsPerYear).toBe(365);
    expect(portfolioReturns([hourlyPart]).stepsPerYear).toBe(8760);
  });

  test('the same market read hourly and daily: the overall Sharpe is the market’s, not an artefact of the intervals', () => {
    expect(daily.time.length).toBe(92);
    // Both from the close of 2021-10-01 (the 23:00 hour) to the close of 2021-12-31.
    const n = hourly.time.length;
    const sameSpan = part(windowOf(hourly.time, '1h', 23, n), holdTrace(hourly.close, 23, n));
    expect(sameSpan.stats.totalReturn).toBeCloseTo(dailyPart.stats.totalReturn, 12);
    const overall = portfolioStats([sameSpan, dailyPart]);
    // On the daily clock both shares move by the same day's return: the portfolio is the daily
    // series (an hourly clock would put the daily share's whole day into one hour, see the two as
    // uncorrelated and read the risk too low).
    expect(portfolioReturns([sameSpan, dailyPart]).stepsPerYear).toBe(365);
    expect(overall.sharpe).toBeCloseTo(dailyPart.stats.sharpe, 9);
    expect(overall.sortino).toBeCloseTo(dailyPart.stats.sortino, 9);
    expect(overall.maxDrawdown).toBeCloseTo(dailyPart.stats.maxDrawdown, 12);
    expect(overall.totalReturn).toBeCloseTo(dailyPart.stats.totalReturn, 12);
    expect(overall.trades).toBe(2);
    expect(overall.bars).toBe(sameSpan.stats.bars + dailyPart.stats.bars);
  });

  test('idle years between windows of different periods do not dilute the ratios', () => {
    const n = hourly.time.length;
    const half = Math.floor(n / 2);
    const early = part(windowOf(hourly.time, '1h', 0, half), holdTrace(hourly.close, 0, half));
    const late = part(windowOf(hourly.time, '1h', half, n), holdTrace(hourly.close, half, n));
    // The same hourly moves, with the second half's clock moved three years later.
    const laterTime = Float64Array.from(hourly.time, (t) => t + 3 * 365 * DAY);
    const moved = { ...late, window: windowOf(laterTime, '1h', half, n) };
    const together = portfolioStats([early, late]);
    const apart = portfolioStats([early, moved]);
    expect(apart.totalReturn).toBeCloseTo(together.totalReturn, 12);
    // Returns per step are the same back to back; only the shares' weights differ slightly.
    expect(apart.sharpe).toBeCloseTo(together.sharpe, 1);
    expect(portfolioReturns([early, moved]).returns.length).toBeLessThan(n + 10);
  });

  test('an exchange outage is clock steps without a return (Binance, 2021-08-13 and 09-29)', () => {
    const summer = loadBinanceSeries('BTCUSDT', '1h', { months: /2021-0[89]/ });
    const n = summer.time.length;
    const p = part(windowOf(summer.time, '1h'), holdTrace(summer.close, 0, n));
    const { returns } = portfolioReturns([p]);
    // Steps are realised from the close of bar 1 to the close of bar n − 1, one per clock hour.
    expect(returns.length).toBe((summer.time[n - 1] - summer.time[1]) / HOUR + 1);
    expect(returns.length).toBe(n - 1 + 4 + 2);
    expect(portfolioStats([p]).totalReturn).toBeCloseTo(p.stats.totalReturn, 12);
  });

  test('no steps, no capital: empty windows are left out, and nothing at all is all zeros', () => {
    const empty = part(windowOf(hourly.time, '1h', 5, 6), holdTrace(hourly.close, 5, 6));
    expect(empty.stats.bars).toBe(0);
    expect(portfolioStats([empty, hourlyPart])).toEqual(portfolioStats([hourlyPart]));
    expect(portfolioStats([])).toEqual({
      totalReturn: 0,
      sharpe: 0,
      sortino: 0,
      maxDrawdown: 0,
      trades: 0,
      feesPaid: 0,
      exposure: 0,
      bars: 0,
    });
  });
});
