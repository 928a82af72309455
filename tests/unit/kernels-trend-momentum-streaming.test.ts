import { describe, expect, it } from 'vitest';
import { adx, AdxStream } from '../../src/core/features/kernels/adx.js';
import { atr, AtrStream } from '../../src/core/features/kernels/atr.js';
import { bollinger, BollingerStream } from '../../src/core/features/kernels/bollinger.js';
import { ema, EmaStream } from '../../src/core/features/kernels/ema.js';
import { LogReturnStream, logReturns } from '../../src/core/features/kernels/log-returns.js';
import { macd, MacdStream } from '../../src/core/features/kernels/macd.js';
import {
  realizedVolatility,
  RealizedVolatilityStream,
} from '../../src/core/features/kernels/realized-volatility.js';
import { roc, RocStream } from '../../src/core/features/kernels/roc.js';
import { rsi, RsiStream } from '../../src/core/features/kernels/rsi.js';
import { sma, SmaStream } from '../../src/core/features/kernels/sma.js';
import { stochastic, StochasticStream } from '../../src/core/features/kernels/stochastic.js';
import { trueRange, TrueRangeStream } from '../../src/core/features/kernels/true-range.js';
import { allocateColumns, CORE_COLUMNS, type BarColumns } from '../../src/core/store/bar-columns.js';
import { loadBinanceSeries, loadFuturesMinutes, loadStockMinutes } from '../helpers/real-series.js';

/**
 * Streaming twins equal their batch kernels bit for bit (Object.is on every bar and output) on real
 * series, and a stream restored from a snapshot taken mid-series continues identically. Also with
 * NaN bars spliced into a real series, so the NaN rules of batch and stream agree too.
 */

interface Stepper {
  step(b: BarColumns, i: number): number[];
  snapshot(): Float64Array;
}

interface Case {
  name: string;
  lookback: number;
  batch(b: BarColumns): Float64Array[];
  create(): Stepper;
  restore(state: Float64Array): Stepper;
}

function stepper<S extends { snapshot(): Float64Array }>(
  s: S,
  step: (s: S, b: BarColumns, i: number) => number[],
): Stepper {
  return { step: (b, i) => step(s, b, i), snapshot: () => s.snapshot() };
}

const closeCase = <S extends { snapshot(): Float64Array; update(x: number): number }>(
  name: string,
  lookback: number,
  batch: (x: Float64Array) => Float64Array,
  create: () => S,
  restore: (state: Float64Array) => S,
): Case => {
  const step = (s: S, b: BarColumns, i: number) => [s.update(b.close[i])];
  return {
    name,
    lookback,
    batch: (b) => [batch(b.close)],
    create: () => stepper(create(), step),
    restore: (state) => stepper(restore(state), step),
  };
};

const hlcCase = <S extends { snapshot(): Float64Array; update(h: number, l: number, c: number): number }>(
  name: string,
  lookback: number,
  batch: (b: BarColumns) => Float64Array,
  create: () => S,
  restore: (state: Float64Array) => S,
): Case => {
  const step = (s: S, b: BarColumns, i: number) => [s.update(b.high[i], b.low[i], b.close[i])];
  return {
    name,
    lookback,
    batch: (b) => [batch(b)],
    create: () => stepper(create(), step),
    restore: (state) => stepper(restore(state), step),
  };
};

const MACD = { fast: 12, slow: 26, signal: 9 };
const BB = { period: 20, devUp: 2, devDown: 2 };
const STOCH = { fastK: 14, slowK: 3, slowD: 3 };
const macdStep = (s: MacdStream, b: BarColumns, i: number) => {
  const v = s.update(b.close[i]);
  return [v.macd, v.signal, v.hist];
};
const bbStep = (s: BollingerStream, b: BarColumns, i: number) => {
  const v = s.update(b.close[i]);
  return [v.upper, v.middle, v.lower];
};
const stochStep = (s: StochasticStream, b: BarColumns, i: number) => {
  const v = s.update(b.high[i], b.low[i], b.close[i]);
  return [v.k, v.d];
};

const cases: Case[] = [
  ...[10, 20, 50].map((p) =>
    closeCase(
      `SMA ${p}`,
      p - 1,
      (x) => sma(x, p),
      () => new SmaStream(p),
      (st) => SmaStream.restore(p, st),
    ),
  ),
  ...[10, 20, 50].map((p) =>
    closeCase(
      `EMA ${p}`,
      p - 1,
      (x) => ema(x, p),
      () => new EmaStream(p),
      (st) => EmaStream.restore(p, st),
    ),
  ),
  closeCase(
    'RSI 14',
    14,
    (x) => rsi(x, 14),
    () => new RsiStream(14),
    (st) => RsiStream.restore(14, st),
  ),
  closeCase(
    'ROC 10',
    10,
    (x) => roc(x, 10),
    () => new RocStream(10),
    (st) => RocStream.restore(10, st),
  ),
  closeCase(
    'log return',
    1,
    (x) => logReturns(x),
    () => new LogReturnStream(),
    (st) => LogReturnStream.restore({}, st),
  ),
  closeCase(
    'realised volatility 20',
    20,
    (x) => realizedVolatility(x, 20),
    () => new RealizedVolatilityStream(20),
    (st) => RealizedVolatilityStream.restore(20, st),
  ),
  hlcCase(
    'TRANGE',
    1,
    (b) => trueRange(b.high, b.low, b.close),
    () => new TrueRangeStream(),
    (st) => TrueRangeStream.restore({}, st),
  ),
  hlcCase(
    'ATR 14',
    14,
    (b) => atr(b.high, b.low, b.close, 14),
    () => new AtrStream(14),
    (st) => AtrStream.restore(14, st),
  ),
  hlcCase(
    'ADX 14',
    27,
    (b) => adx(b.high, b.low, b.close, 14),
    () => new AdxStream(14),
    (st) => AdxStream.restore(14, st),
  ),
  {
    name: 'MACD 12/26/9',
    lookback: 33,
    batch: (b) => {
      const r = macd(b.close, MACD);
      return [r.macd, r.signal, r.hist];
    },
    create: () => stepper(new MacdStream(MACD), macdStep),
    restore: (st) => stepper(MacdStream.restore(MACD, st), macdStep),
  },
  {
    name: 'Bollinger 20/2',
    lookback: 19,
    batch: (b) => {
      const r = bollinger(b.close, BB);
      return [r.upper, r.middle, r.lower];
    },
    create: () => stepper(new BollingerStream(BB), bbStep),
    restore: (st) => stepper(BollingerStream.restore(BB, st), bbStep),
  },
  {
    name: 'Stochastic 14/3/3',
    lookback: 17,
    batch: (b) => {
      const r = stochastic(b.high, b.low, b.close, STOCH);
      return [r.k, r.d];
    },
    create: () => stepper(new StochasticStream(STOCH), stochStep),
    restore: (st) => stepper(StochasticStream.restore(STOCH, st), stochStep),
  },
];

/** Runs a stepper from bar `from` to the end, failing on the first value that differs from batch. */
function expectStreamMatches(what: string, s: Stepper, b: BarColumns, from: number, want: Float64Array[]) {
  const n = b.close.length;
  for (let i = from; i < n; i++) {
    const got = s.step(b, i);
    if (got.length !== want.length)
      expect.fail(`${what}: ${got.length} outputs streaming, ${want.length} batch`);
    for (let k = 0; k < want.length; k++) {
      if (!Object.is(got[k], want[k][i])) {
        expect.fail(`${what}: output ${k} at bar ${i} is ${got[k]} streaming, ${want[k][i]} batch`);
      }
    }
  }
}

/** Bars after which the state is saved and restored: around the warm-up end and mid-series. */
function cutPoints(lookback: number, n: number): number[] {
  const cuts = [1, lookback - 1, lookback, lookback + 1, Math.floor(n / 3), Math.floor((2 * n) / 3)];
  return [...new Set(cuts.filter((c) => c > 0 && c < n))].sort((a, b) => a - b);
}

function checkCase(c: Case, b: BarColumns, label: string) {
  const want = c.batch(b);
  expectStreamMatches(`${c.name} on ${label}`, c.create(), b, 0, want);
  const cuts = cutPoints(c.lookback, b.close.length);
  const states = new Map<number, Float64Array>();
  const s = c.create();
  for (let i = 0, next = 0; i < b.close.length && next < cuts.length; i++) {
    s.step(b, i);
    if (i + 1 === cuts[next]) states.set(cuts[next++], s.snapshot());
  }
  for (const [cut, state] of states) {
    expectStreamMatches(
      `${c.name} on ${label}, restored after bar ${cut - 1}`,
      c.restore(state),
      b,
      cut,
      want,
    );
  }
}

/** A copy of real bars with every column of a few rows set to NaN (the store never holds NaN; streams must still agree). */
function withNaNBars(b: BarColumns, rows: number[]): BarColumns {
  const out = allocateColumns(b.close.length, false);
  for (const name of CORE_COLUMNS) out[name].set(b[name]);
  for (const r of rows)
    for (const name of ['open', 'high', 'low', 'close'] as const) out[name][r] = Number.NaN;
  return out;
}

const series: Record<string, () => BarColumns> = {
  'BTCUSDT 1h spot': () => loadBinanceSeries('BTCUSDT', '1h'),
  'AVAXUSDT 1m futures': () => loadFuturesMinutes('AVAXUSDT'),
  'SPY 1m Lean': () => loadStockMinutes('spy'),
};

describe.each(Object.entries(series))('streaming equals batch on %s', (label, load) => {
  it.each(cases.map((c) => [c.name, c] as const))('%s, and after snapshot/restore', (_name, c) => {
    checkCase(c, load(), label);
  });
});

describe('streaming equals batch with NaN bars spliced into real data', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const b = withNaNBars(loadStockMinutes('spy'), [5, 700, 2000]);
    checkCase(c, b, 'SPY 1m with NaN bars');
  });
});
