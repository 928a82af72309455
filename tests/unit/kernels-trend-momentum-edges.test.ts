import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { adx, AdxStream } from '../../src/core/features/kernels/adx.js';
import { atr } from '../../src/core/features/kernels/atr.js';
import { bollinger } from '../../src/core/features/kernels/bollinger.js';
import { ema } from '../../src/core/features/kernels/ema.js';
import { logReturns } from '../../src/core/features/kernels/log-returns.js';
import { macd, MacdStream } from '../../src/core/features/kernels/macd.js';
import { realizedVolatility } from '../../src/core/features/kernels/realized-volatility.js';
import { roc } from '../../src/core/features/kernels/roc.js';
import { rsi, RsiStream } from '../../src/core/features/kernels/rsi.js';
import { sma, SmaStream } from '../../src/core/features/kernels/sma.js';
import { stochastic, StochasticStream } from '../../src/core/features/kernels/stochastic.js';
import { sliceColumns, type BarColumns } from '../../src/core/store/bar-columns.js';
import { loadBinanceSeries, loadStockMinutes } from '../helpers/real-series.js';

/**
 * Edges of the trend and momentum kernels: series shorter than, equal to and one longer than the
 * warm-up (against TA-Lib where it has the indicator), caller-provided outputs, refused
 * parameters and states, and the documented NaN behaviour.
 */

interface TalibResult {
  begIndex: number;
  nbElement: number;
  result: Record<string, number[]>;
}
const talib = createRequire(import.meta.url)('talib') as { execute(args: object): TalibResult };

const btc = () => loadBinanceSeries('BTCUSDT', '1h');

/** Each kernel's first output on `b` plus TA-Lib's name, options and that output's name. */
const shortCases: {
  name: string;
  lookback: number;
  ours: (b: BarColumns) => Float64Array;
  talib: [string, Record<string, number>, string];
}[] = [
  {
    name: 'SMA 20',
    lookback: 19,
    ours: (b) => sma(b.close, 20),
    talib: ['SMA', { optInTimePeriod: 20 }, 'outReal'],
  },
  {
    name: 'EMA 20',
    lookback: 19,
    ours: (b) => ema(b.close, 20),
    talib: ['EMA', { optInTimePeriod: 20 }, 'outReal'],
  },
  {
    name: 'RSI 14',
    lookback: 14,
    ours: (b) => rsi(b.close, 14),
    talib: ['RSI', { optInTimePeriod: 14 }, 'outReal'],
  },
  {
    name: 'ATR 14',
    lookback: 14,
    ours: (b) => atr(b.high, b.low, b.close, 14),
    talib: ['ATR', { optInTimePeriod: 14 }, 'outReal'],
  },
  {
    name: 'ADX 14',
    lookback: 27,
    ours: (b) => adx(b.high, b.low, b.close, 14),
    talib: ['ADX', { optInTimePeriod: 14 }, 'outReal'],
  },
  {
    name: 'ROC 10',
    lookback: 10,
    ours: (b) => roc(b.close, 10),
    talib: ['ROC', { optInTimePeriod: 10 }, 'outReal'],
  },
  {
    name: 'MACD 12/26/9',
    lookback: 33,
    ours: (b) => macd(b.close).signal,
    talib: ['MACD', { optInFastPeriod: 12, optInSlowPeriod: 26, optInSignalPeriod: 9 }, 'outMACDSignal'],
  },
  {
    name: 'Bollinger 20/2',
    lookback: 19,
    ours: (b) => bollinger(b.close).upper,
    talib: [
      'BBANDS',
      { optInTimePeriod: 20, optInNbDevUp: 2, optInNbDevDn: 2, optInMAType: 0 },
      'outRealUpperBand',
    ],
  },
  {
    name: 'Stochastic 14/3/3',
    lookback: 17,
    ours: (b) => stochastic(b.high, b.low, b.close).d,
    talib: [
      'STOCH',
      {
        optInFastK_Period: 14,
        optInSlowK_Period: 3,
        optInSlowK_MAType: 0,
        optInSlowD_Period: 3,
        optInSlowD_MAType: 0,
      },
      'outSlowD',
    ],
  },
];

describe('series around the warm-up length', () => {
  it.each(shortCases.map((c) => [c.name, c] as const))(
    '%s: all NaN up to the lookback, then TA-Lib',
    (_n, c) => {
      for (const n of [0, 1, c.lookback, c.lookback + 1, c.lookback + 2]) {
        const b = sliceColumns(btc(), 0, n);
        const ours = c.ours(b);
        expect(ours.length).toBe(n);
        const [name, options, output] = c.talib;
        const ref =
          n === 0
            ? { begIndex: 0, nbElement: 0, result: { [output]: [] } }
            : talib.execute({
                name,
                startIdx: 0,
                endIdx: n - 1,
                high: Array.from(b.high),
                low: Array.from(b.low),
                close: Array.from(b.close),
                inReal: Array.from(b.close),
                ...options,
              });
        const firstValid = ref.nbElement === 0 ? n : ref.begIndex;
        expect(firstValid, `${c.name} on ${n} bars`).toBe(Math.min(c.lookback, n));
        for (let i = 0; i < n; i++) {
          if (i < firstValid) expect(ours[i], `${c.name} bar ${i} of ${n}`).toBeNaN();
          else expect(ours[i], `${c.name} bar ${i} of ${n}`).toBe(ref.result[output][i - firstValid]);
        }
      }
    },
  );
});

describe('caller-provided outputs', () => {
  it('are filled in place (warm-up overwritten with NaN) and returned', () => {
    const b = btc();
    const n = b.close.length;
    const out = new Float64Array(n).fill(7);
    expect(rsi(b.close, 14, out)).toBe(out);
    expect(Array.from(out)).toEqual(Array.from(rsi(b.close, 14)));
    const bands = {
      upper: new Float64Array(n).fill(1),
      middle: new Float64Array(n),
      lower: new Float64Array(n),
    };
    const got = bollinger(b.close, { period: 20, devUp: 2, devDown: 2 }, bands);
    expect(got.upper).toBe(bands.upper);
    expect(got.upper[0]).toBeNaN();
    expect(Array.from(got.lower)).toEqual(Array.from(bollinger(b.close).lower));
  });

  it('shorter than the input are refused, naming the kernel and the output', () => {
    const b = btc();
    expect(() => sma(b.close, 10, new Float64Array(5))).toThrow(/sma: out holds 5 values, need \d+/);
    expect(() => macd(b.close, undefined, { signal: new Float64Array(3) })).toThrow(
      /macd: out\.signal holds 3/,
    );
    expect(() => stochastic(b.high, b.low, b.close, undefined, { d: new Float64Array(1) })).toThrow(
      /stochastic: out\.d holds 1/,
    );
  });
});

describe('refused arguments', () => {
  it('periods outside TA-Lib ranges', () => {
    const x = btc().close;
    expect(() => sma(x, 1)).toThrow('sma: period must be an integer from 2 to 100000, got 1');
    expect(() => ema(x, 2.5)).toThrow('ema: period must be an integer from 2 to 100000, got 2.5');
    expect(() => rsi(x, 0)).toThrow('rsi: period must be an integer from 2');
    expect(() => roc(x, 100_001)).toThrow('roc: period must be an integer from 1 to 100000, got 100001');
    expect(() => realizedVolatility(x, 1)).toThrow('realizedVolatility: period must be an integer from 2');
    expect(() => macd(x, { fast: 12, slow: 26, signal: 1 })).toThrow(
      'macd: signal must be an integer from 2',
    );
    expect(() => bollinger(x, { period: 20, devUp: Number.NaN, devDown: 2 })).toThrow(
      'bollinger: devUp must be a finite number, got NaN',
    );
    expect(() => new StochasticStream({ fastK: 0, slowK: 3, slowD: 3 })).toThrow(
      'StochasticStream: fastK must be',
    );
  });

  it('high, low and close of different lengths', () => {
    const b = btc();
    expect(() => adx(b.high, b.low.subarray(1), b.close, 14)).toThrow(
      'adx: high has 43261 bars but low has 43260',
    );
  });

  it('states saved with other parameters', () => {
    expect(() => SmaStream.restore(20, new SmaStream(10).snapshot())).toThrow(
      'SmaStream.restore: state has 13 numbers, expected 23 for these parameters',
    );
    expect(() => RsiStream.restore(14, new Float64Array(3))).toThrow(
      'RsiStream.restore: state has 3 numbers',
    );
    expect(() => AdxStream.restore(14, new Float64Array(0))).toThrow('AdxStream.restore');
    expect(() => MacdStream.restore({ fast: 12, slow: 26, signal: 9 }, new Float64Array(4))).toThrow(
      'MacdStream.restore',
    );
  });
});

describe('NaN bars (the store never holds them; the documented behaviour)', () => {
  const spy = () => loadStockMinutes('spy');
  const withNaN = (x: Float64Array, at: number) => {
    const y = Float64Array.from(x);
    y[at] = Number.NaN;
    return y;
  };

  it('SMA, EMA and RSI stay NaN after a NaN close, as in TA-Lib', () => {
    const x = withNaN(spy().close, 100);
    const ref = talib.execute({
      name: 'SMA',
      startIdx: 0,
      endIdx: x.length - 1,
      inReal: Array.from(x),
      optInTimePeriod: 10,
    });
    expect(ref.result.outReal.slice(100 - 9).every((v) => Number.isNaN(v))).toBe(true);
    for (const out of [sma(x, 10), ema(x, 10), rsi(x, 14)]) {
      expect(out.subarray(100).every((v) => Number.isNaN(v))).toBe(true);
      expect(Number.isNaN(out[99])).toBe(false);
    }
  });

  it('ROC, log returns and realised volatility recover once the NaN leaves the window', () => {
    const x = withNaN(spy().close, 100);
    const r = roc(x, 10);
    expect([r[99], r[100], r[101], r[110], r[111]].map(Number.isNaN)).toEqual([
      false,
      true,
      false,
      true,
      false,
    ]);
    const lr = logReturns(x);
    expect([lr[100], lr[101], lr[102]].map(Number.isNaN)).toEqual([true, true, false]);
    const vol = realizedVolatility(x, 20);
    expect(Number.isNaN(vol[99])).toBe(false);
    expect(vol.subarray(100, 121).every((v) => Number.isNaN(v))).toBe(true);
    expect(Number.isNaN(vol[121])).toBe(false);
  });

  it('realised volatility is exactly 0 on a window of unchanged closes', () => {
    const b = spy();
    const vol = realizedVolatility(b.close, 5);
    let flat = 0;
    for (let i = 5; i < b.close.length; i++) {
      let same = true;
      for (let j = i - 5; j < i; j++) same &&= b.close[j] === b.close[i];
      if (same) {
        flat++;
        expect(vol[i], `bar ${i}`).toBe(0);
      }
    }
    expect(flat).toBeGreaterThan(0);
  });
});
