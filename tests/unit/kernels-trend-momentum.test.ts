import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { adx } from '../../src/core/features/kernels/adx.js';
import { atr } from '../../src/core/features/kernels/atr.js';
import { bollinger } from '../../src/core/features/kernels/bollinger.js';
import { ema } from '../../src/core/features/kernels/ema.js';
import { logReturns } from '../../src/core/features/kernels/log-returns.js';
import { macd } from '../../src/core/features/kernels/macd.js';
import { realizedVolatility } from '../../src/core/features/kernels/realized-volatility.js';
import { roc } from '../../src/core/features/kernels/roc.js';
import { rsi } from '../../src/core/features/kernels/rsi.js';
import { sma } from '../../src/core/features/kernels/sma.js';
import { stochastic } from '../../src/core/features/kernels/stochastic.js';
import { trueRange } from '../../src/core/features/kernels/true-range.js';
import type { BarColumns } from '../../src/core/store/bar-columns.js';
import { loadBinanceSeries, loadFuturesMinutes, loadStockMinutes } from '../helpers/real-series.js';

/**
 * The trend and momentum kernels against the TA-Lib binding (the oracle) on real series:
 * same first valid bar, NaN before it, and every later value within 1e-9 relative (1e-7 for
 * Bollinger). Log returns and realised volatility (not in TA-Lib) against plain reference code.
 */

interface TalibResult {
  begIndex: number;
  nbElement: number;
  result: Record<string, number[]>;
}
const talib = createRequire(import.meta.url)('talib') as { execute(args: object): TalibResult };

const series: Record<string, () => BarColumns> = {
  'BTCUSDT 1h spot': () => loadBinanceSeries('BTCUSDT', '1h'),
  'LINKUSDT 1m futures': () => loadFuturesMinutes('LINKUSDT'),
  'SPY 1m Lean (extended hours)': () => loadStockMinutes('spy'),
  'AAPL 1m yfinance': () => loadStockMinutes('AAPL', 'yfinance', '1m'),
};

/** TA-Lib on the whole series (inputs passed as plain arrays: a Float64Array gives zeros). */
function runTalib(name: string, b: BarColumns, options: Record<string, number> = {}): TalibResult {
  return talib.execute({
    name,
    startIdx: 0,
    endIdx: b.close.length - 1,
    open: Array.from(b.open),
    high: Array.from(b.high),
    low: Array.from(b.low),
    close: Array.from(b.close),
    volume: Array.from(b.volume),
    inReal: Array.from(b.close),
    ...options,
  });
}

/**
 * Ours vs one TA-Lib output: NaN exactly before begIndex, then within `tol` relative. Returns the
 * largest relative difference seen (reported, so a drift towards the tolerance shows).
 */
function expectTalibMatch(
  what: string,
  ours: Float64Array,
  ref: TalibResult,
  output: string,
  expectedBegin: number,
  tol = 1e-9,
): number {
  const expected = ref.result[output];
  if (!expected)
    throw new Error(`${what}: TA-Lib gave no ${output} (has ${Object.keys(ref.result).join(', ')})`);
  expect(ref.begIndex, `${what}: TA-Lib's begIndex`).toBe(expectedBegin);
  expect(ours.length).toBe(ref.begIndex + ref.nbElement);
  let worst = 0;
  for (let i = 0; i < ref.begIndex; i++) {
    if (!Number.isNaN(ours[i]))
      expect.fail(`${what}: bar ${i} is ${ours[i]}, TA-Lib starts at ${ref.begIndex}`);
  }
  for (let j = 0; j < ref.nbElement; j++) {
    const i = ref.begIndex + j;
    const want = expected[j];
    const diff = Math.abs(ours[i] - want);
    const rel = diff === 0 ? 0 : diff / Math.abs(want);
    if (!(rel <= tol)) expect.fail(`${what}: bar ${i} is ${ours[i]}, TA-Lib ${want} (relative ${rel})`);
    if (rel > worst) worst = rel;
  }
  return worst;
}

describe.each(Object.entries(series))('trend and momentum kernels vs TA-Lib on %s', (_label, load) => {
  it('SMA 10/20/50', () => {
    const b = load();
    for (const p of [10, 20, 50]) {
      expectTalibMatch(
        `SMA ${p}`,
        sma(b.close, p),
        runTalib('SMA', b, { optInTimePeriod: p }),
        'outReal',
        p - 1,
      );
    }
  });

  it('EMA 10/20/50, seeded with the SMA of the first period values', () => {
    const b = load();
    for (const p of [10, 20, 50]) {
      expectTalibMatch(
        `EMA ${p}`,
        ema(b.close, p),
        runTalib('EMA', b, { optInTimePeriod: p }),
        'outReal',
        p - 1,
      );
    }
  });

  it('RSI 14 (and 2, 30): Wilder smoothing seeded with simple means', () => {
    const b = load();
    for (const p of [14, 2, 30]) {
      expectTalibMatch(`RSI ${p}`, rsi(b.close, p), runTalib('RSI', b, { optInTimePeriod: p }), 'outReal', p);
    }
  });

  it('TRANGE and ATR 14 (and 1, 5): first ATR at index period', () => {
    const b = load();
    expectTalibMatch('TRANGE', trueRange(b.high, b.low, b.close), runTalib('TRANGE', b), 'outReal', 1);
    for (const p of [14, 1, 5]) {
      const ours = atr(b.high, b.low, b.close, p);
      expectTalibMatch(`ATR ${p}`, ours, runTalib('ATR', b, { optInTimePeriod: p }), 'outReal', p);
    }
  });

  it('MACD 12/26/9 (and 5/35/5, and 26/12/2 which TA-Lib swaps): macd, signal and hist from begIndex', () => {
    const b = load();
    const cases = [
      { fast: 12, slow: 26, signal: 9 },
      { fast: 5, slow: 35, signal: 5 },
      { fast: 26, slow: 12, signal: 2 },
    ];
    for (const c of cases) {
      const ours = macd(b.close, c);
      const ref = runTalib('MACD', b, {
        optInFastPeriod: c.fast,
        optInSlowPeriod: c.slow,
        optInSignalPeriod: c.signal,
      });
      const begin = Math.max(c.fast, c.slow) - 1 + c.signal - 1;
      const what = `MACD ${c.fast}/${c.slow}/${c.signal}`;
      expectTalibMatch(`${what} macd`, ours.macd, ref, 'outMACD', begin);
      expectTalibMatch(`${what} signal`, ours.signal, ref, 'outMACDSignal', begin);
      expectTalibMatch(`${what} hist`, ours.hist, ref, 'outMACDHist', begin);
    }
  });

  it('Bollinger 20/2 (and 10 with 1.5 up, 2.5 down): population std around the SMA', () => {
    const b = load();
    for (const c of [
      { period: 20, devUp: 2, devDown: 2 },
      { period: 10, devUp: 1.5, devDown: 2.5 },
    ]) {
      const ours = bollinger(b.close, c);
      const ref = runTalib('BBANDS', b, {
        optInTimePeriod: c.period,
        optInNbDevUp: c.devUp,
        optInNbDevDn: c.devDown,
        optInMAType: 0,
      });
      const what = `BBANDS ${c.period}/${c.devUp}/${c.devDown}`;
      expectTalibMatch(`${what} upper`, ours.upper, ref, 'outRealUpperBand', c.period - 1, 1e-7);
      expectTalibMatch(`${what} middle`, ours.middle, ref, 'outRealMiddleBand', c.period - 1, 1e-7);
      expectTalibMatch(`${what} lower`, ours.lower, ref, 'outRealLowerBand', c.period - 1, 1e-7);
    }
  });

  it('slow Stochastic 14/3/3 (and 5/1/4) with SMA smoothing', () => {
    const b = load();
    for (const c of [
      { fastK: 14, slowK: 3, slowD: 3 },
      { fastK: 5, slowK: 1, slowD: 4 },
    ]) {
      const ours = stochastic(b.high, b.low, b.close, c);
      const ref = runTalib('STOCH', b, {
        optInFastK_Period: c.fastK,
        optInSlowK_Period: c.slowK,
        optInSlowK_MAType: 0,
        optInSlowD_Period: c.slowD,
        optInSlowD_MAType: 0,
      });
      const begin = c.fastK - 1 + c.slowK - 1 + c.slowD - 1;
      const what = `STOCH ${c.fastK}/${c.slowK}/${c.slowD}`;
      expectTalibMatch(`${what} k`, ours.k, ref, 'outSlowK', begin);
      expectTalibMatch(`${what} d`, ours.d, ref, 'outSlowD', begin);
    }
  });

  it('ADX 14 (and 2, 30): first value at 2·period − 1', () => {
    const b = load();
    for (const p of [14, 2, 30]) {
      const ours = adx(b.high, b.low, b.close, p);
      expectTalibMatch(`ADX ${p}`, ours, runTalib('ADX', b, { optInTimePeriod: p }), 'outReal', 2 * p - 1);
    }
  });

  it('ROC 10 (and 1)', () => {
    const b = load();
    for (const p of [10, 1]) {
      expectTalibMatch(`ROC ${p}`, roc(b.close, p), runTalib('ROC', b, { optInTimePeriod: p }), 'outReal', p);
    }
  });

  it('log returns equal ln(close / previous close), NaN on bar 0', () => {
    const b = load();
    const ours = logReturns(b.close);
    expect(ours[0]).toBeNaN();
    for (let i = 1; i < b.close.length; i++) {
      const want = Math.log(b.close[i] / b.close[i - 1]);
      if (!Object.is(ours[i], want)) expect.fail(`bar ${i}: ${ours[i]} vs ${want}`);
    }
  });

  it('realised volatility 20 (and 5) equals a two-pass population std of the window', () => {
    const b = load();
    const n = b.close.length;
    const returns = Array.from({ length: n }, (_, i) =>
      i === 0 ? NaN : Math.log(b.close[i] / b.close[i - 1]),
    );
    for (const p of [20, 5]) {
      const ours = realizedVolatility(b.close, p);
      for (let i = 0; i < Math.min(p, n); i++)
        if (!Number.isNaN(ours[i])) expect.fail(`period ${p} bar ${i}: ${ours[i]}`);
      for (let i = p; i < n; i++) {
        const window = returns.slice(i - p + 1, i + 1);
        const mean = window.reduce((s, r) => s + r, 0) / p;
        const want = Math.sqrt(window.reduce((s, r) => s + (r - mean) ** 2, 0) / p);
        const diff = Math.abs(ours[i] - want);
        if (!(diff <= 1e-12 * want || diff === 0)) expect.fail(`period ${p} bar ${i}: ${ours[i]} vs ${want}`);
      }
    }
  });
});
