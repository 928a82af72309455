import { describe, expect, test } from 'vitest';
import { performanceStats, type TradedSteps } from '../../src/core/evaluation/performance-stats.js';
import { barsPerYear } from '../../src/core/evaluation/bars-per-year.js';
import { loadBinanceSeries, loadStockMinutes } from '../helpers/real-series.js';

// Traces here are written by hand from real closes (no simulator): the position held over each
// step, the close-to-close return it earns, and a 0.1% commission on every position change.
const COMMISSION = 0.001;

/** A trace holding `positionAt(i)` over close i → close i+1, paying COMMISSION on each change. */
function handTrace(close: Float64Array, positionAt: (i: number) => number): TradedSteps {
  const steps = close.length - 1;
  const positions = new Int8Array(steps);
  const netReturns = new Float64Array(steps);
  const fees = new Float64Array(steps);
  let held = 0;
  for (let i = 0; i < steps; i++) {
    const p = positionAt(i);
    fees[i] = p !== held ? COMMISSION * Math.abs(p - held) : 0;
    positions[i] = p;
    netReturns[i] = (1 - fees[i]) * (1 + p * (close[i + 1] / close[i] - 1)) - 1;
    held = p;
  }
  return { positions, netReturns, fees };
}

/** Reference equity curve, E₀ = 1, written plainly. */
function equityCurve(netReturns: Float64Array): number[] {
  const equity = [1];
  for (const r of netReturns) equity.push(equity[equity.length - 1] * (1 + r));
  return equity;
}

const btc2021 = loadBinanceSeries('BTCUSDT', '1h', { months: /2021-/ });
/** March 2021 .. (a month of real hourly bars). */
const btcMarch = btc2021.close.slice(24 * 59, 24 * 90);

describe('performanceStats', () => {
  test('buy-and-hold: total return is the close ratio after one commission, Sharpe and drawdown match a plain computation', () => {
    const trace = handTrace(btcMarch, () => 1);
    const stats = performanceStats(trace, barsPerYear('1h', 'crypto-spot'));
    const last = btcMarch.length - 1;
    expect(stats.totalReturn).toBeCloseTo((btcMarch[last] / btcMarch[0]) * (1 - COMMISSION) - 1, 12);

    const returns = Array.from(trace.netReturns);
    const n = returns.length;
    const mean = returns.reduce((a, b) => a + b, 0) / n;
    const variance = returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (n - 1);
    expect(stats.sharpe).toBeCloseTo((mean / Math.sqrt(variance)) * Math.sqrt(8760), 9);
    const downside = Math.sqrt(returns.reduce((a, r) => a + Math.min(r, 0) ** 2, 0) / n);
    expect(stats.sortino).toBeCloseTo((mean / downside) * Math.sqrt(8760), 9);

    // Drawdown by brute force over every pair of points of the equity curve.
    const equity = equityCurve(trace.netReturns);
    let worst = 0;
    for (let i = 0; i < equity.length; i++)
      for (let j = i + 1; j < equity.length; j++) worst = Math.max(worst, 1 - equity[j] / equity[i]);
    expect(stats.maxDrawdown).toBeCloseTo(worst, 12);
    expect(stats.maxDrawdown).toBeGreaterThan(0);

    expect(stats.trades).toBe(1);
    expect(stats.feesPaid).toBeCloseTo(COMMISSION, 15);
    expect(stats.exposure).toBe(1);
    expect(stats.bars).toBe(n);
  });

  test('max drawdown of holding BTC through the May 2021 crash is the 64,577 → 32,237 fall (50.1%)', () => {
    const april = loadBinanceSeries('BTCUSDT', '1h', { months: /2021-0[45]/ });
    const stats = performanceStats(
      handTrace(april.close, () => 1),
      barsPerYear('1h', 'crypto-spot'),
    );
    // Peak close 2021-04-14 06:00 UTC, trough close 2021-05-23 16:00 UTC (Binance spot 1h).
    expect(stats.maxDrawdown).toBeCloseTo(1 - 32237 / 64577.26, 12);
    // Short the same stretch: the loss is the rally before the peak, not the crash.
    const short = performanceStats(
      handTrace(april.close, () => -1),
      barsPerYear('1h', 'crypto-spot'),
    );
    expect(short.totalReturn).toBeGreaterThan(0);
    expect(short.maxDrawdown).toBeLessThan(stats.maxDrawdown);
  });

  test('flat earns nothing, pays nothing, trades never and is never exposed', () => {
    const stats = performanceStats(
      handTrace(btcMarch, () => 0),
      barsPerYear('1h', 'crypto-spot'),
    );
    expect(stats).toEqual({
      totalReturn: 0,
      sharpe: 0,
      sortino: 0,
      maxDrawdown: 0,
      trades: 0,
      feesPaid: 0,
      exposure: 0,
      bars: btcMarch.length - 1,
    });
  });

  test('an empty window is all zeros', () => {
    const empty = { positions: new Int8Array(0), netReturns: new Float64Array(0), fees: new Float64Array(0) };
    expect(performanceStats(empty, 8760)).toEqual({
      totalReturn: 0,
      sharpe: 0,
      sortino: 0,
      maxDrawdown: 0,
      trades: 0,
      feesPaid: 0,
      exposure: 0,
      bars: 0,
    });
    // One step: a return but no spread to measure.
    const one = handTrace(btcMarch.slice(0, 2), () => 1);
    const stats = performanceStats(one, 8760);
    expect(stats.totalReturn).toBeCloseTo(one.netReturns[0], 15);
    expect(stats.sharpe).toBe(0);
    expect(stats.bars).toBe(1);
  });

  test('trades and exposure are counted from the positions (momentum on real bars)', () => {
    // Long after an up-close, short after a down-close, flat for the first bar.
    const close = btcMarch;
    const positionAt = (i: number) =>
      i === 0 ? 0 : close[i] > close[i - 1] ? 1 : close[i] < close[i - 1] ? -1 : 0;
    const trace = handTrace(close, positionAt);
    let changes = 0;
    let exposed = 0;
    for (let i = 0; i < trace.positions.length; i++) {
      if (positionAt(i) !== (i === 0 ? 0 : positionAt(i - 1))) changes++;
      if (positionAt(i) !== 0) exposed++;
    }
    const stats = performanceStats(trace, 8760);
    expect(stats.trades).toBe(changes);
    expect(stats.trades).toBeGreaterThan(100);
    expect(stats.exposure).toBeCloseTo(exposed / trace.positions.length, 15);
    expect(stats.exposure).toBeGreaterThan(0.9);
    expect(stats.exposure).toBeLessThan(1);
  });

  test('fees are compounded on the equity they were charged on (fraction of starting equity)', () => {
    // Long ETH from the first close of 2021 to the close 2,000 hours later, then flat: the exit
    // commission is charged on the grown account.
    const eth = loadBinanceSeries('ETHUSDT', '1h', { months: /2021-/ }).close.slice(0, 2400);
    const exitAt = 2000;
    const trace = handTrace(eth, (i) => (i < exitAt ? 1 : 0));
    const equityAtExit = equityCurve(trace.netReturns)[exitAt];
    expect(equityAtExit).toBeGreaterThan(2); // ETH more than doubled in early 2021
    const stats = performanceStats(trace, 8760);
    expect(stats.trades).toBe(2);
    expect(stats.feesPaid).toBeCloseTo(COMMISSION + COMMISSION * equityAtExit, 14);
    expect(stats.exposure).toBeCloseTo(exitAt / (eth.length - 1), 15);
  });

  test('refuses a trace whose positions and returns disagree in length', () => {
    const trace = handTrace(btcMarch, () => 1);
    expect(() => performanceStats({ ...trace, positions: trace.positions.subarray(1) }, 8760)).toThrow(
      /positions for .* returns/,
    );
  });
});

describe('barsPerYear', () => {
  test('crypto trades 24/7, stocks in 252 NYSE sessions of 390 minutes', () => {
    expect(barsPerYear('1m', 'crypto-spot')).toBe(525_600);
    expect(barsPerYear('1h', 'crypto-spot')).toBe(8760);
    expect(barsPerYear('1h', 'crypto-perp')).toBe(8760);
    expect(barsPerYear('4h', 'crypto-spot')).toBe(2190);
    expect(barsPerYear('1d', 'crypto-spot')).toBe(365);
    expect(barsPerYear('1w', 'crypto-spot')).toBeCloseTo(365 / 7, 12);
    expect(barsPerYear('1mo', 'crypto-spot')).toBe(12);
    expect(barsPerYear('1m', 'stock')).toBe(252 * 390);
    expect(barsPerYear('5m', 'stock')).toBe(252 * 78);
    // 7 hourly bars a session (09:30 … 15:30, the last half an hour), as the store keeps them.
    expect(barsPerYear('1h', 'stock')).toBe(252 * 7);
    expect(barsPerYear('1d', 'stock')).toBe(252);
    expect(barsPerYear('1w', 'stock')).toBe(52);
    expect(barsPerYear('1mo', 'stock')).toBe(12);
    expect(() => barsPerYear('7h', 'stock')).toThrow(/Unknown bar interval "7h"/);
  });

  test('the stock 1h count is what real yfinance bars hold per session', () => {
    const aapl = loadStockMinutes('AAPL', 'yfinance', '1h');
    const days = new Set<string>();
    for (const t of aapl.time) days.add(new Date(t - 5 * 3_600_000).toISOString().slice(0, 10));
    expect(aapl.time.length / days.size).toBeCloseTo(barsPerYear('1h', 'stock') / 252, 1);
  });

  test('Sharpe scales with √(bars per year): the same returns read as 1h and as 1d', () => {
    const trace = handTrace(btcMarch, () => 1);
    const hourly = performanceStats(trace, barsPerYear('1h', 'crypto-spot'));
    const daily = performanceStats(trace, barsPerYear('1d', 'crypto-spot'));
    expect(hourly.sharpe / daily.sharpe).toBeCloseTo(Math.sqrt(24), 12);
    expect(hourly.sortino / daily.sortino).toBeCloseTo(Math.sqrt(24), 12);
    expect(hourly.totalReturn).toBe(daily.totalReturn);
  });
});
