import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import {
  CDL_DOJI_LOOKBACK,
  cdlDoji,
  CdlDojiStream,
} from '../../src/core/features/kernels/patterns/cdl-doji.js';
import {
  CDL_ENGULFING_LOOKBACK,
  cdlEngulfing,
  CdlEngulfingStream,
} from '../../src/core/features/kernels/patterns/cdl-engulfing.js';
import {
  CDL_HAMMER_LOOKBACK,
  cdlHammer,
  CdlHammerStream,
} from '../../src/core/features/kernels/patterns/cdl-hammer.js';
import {
  CDL_SHOOTING_STAR_LOOKBACK,
  cdlShootingStar,
  CdlShootingStarStream,
} from '../../src/core/features/kernels/patterns/cdl-shooting-star.js';
import { sliceColumns, type BarColumns } from '../../src/core/store/bar-columns.js';
import { loadBinanceSeries, loadFuturesMinutes, loadStockMinutes } from '../helpers/real-series.js';

interface TalibResult {
  begIndex: number;
  nbElement: number;
  result: { outInteger: number[] };
}
const talib = createRequire(import.meta.url)('talib') as { execute(args: object): TalibResult };

type Batch = (o: Float64Array, h: Float64Array, l: Float64Array, c: Float64Array) => Float64Array;
interface Stream {
  update(o: number, h: number, l: number, c: number): number;
  snapshot(): Float64Array;
}

const patterns: {
  talib: string;
  lookback: number;
  batch: Batch;
  stream: () => Stream;
  restore: (state: Float64Array) => Stream;
  /** Values TA-Lib gives on the real series; each must occur in the compared data. */
  values: number[];
}[] = [
  {
    talib: 'CDLDOJI',
    lookback: CDL_DOJI_LOOKBACK,
    batch: cdlDoji,
    stream: () => new CdlDojiStream(),
    restore: (s) => CdlDojiStream.restore(s),
    values: [100],
  },
  {
    talib: 'CDLHAMMER',
    lookback: CDL_HAMMER_LOOKBACK,
    batch: cdlHammer,
    stream: () => new CdlHammerStream(),
    restore: (s) => CdlHammerStream.restore(s),
    values: [100],
  },
  {
    talib: 'CDLSHOOTINGSTAR',
    lookback: CDL_SHOOTING_STAR_LOOKBACK,
    batch: cdlShootingStar,
    stream: () => new CdlShootingStarStream(),
    restore: (s) => CdlShootingStarStream.restore(s),
    values: [-100],
  },
  {
    talib: 'CDLENGULFING',
    lookback: CDL_ENGULFING_LOOKBACK,
    batch: cdlEngulfing,
    stream: () => new CdlEngulfingStream(),
    restore: (s) => CdlEngulfingStream.restore(s),
    values: [100, 80, -80, -100],
  },
];

/** Real series: spot 1h (crypto, 2017–2023), futures 1m (two symbols), stock minutes (Lean, yfinance). */
const series: Record<string, () => BarColumns> = {
  'BTCUSDT spot 1h': () => loadBinanceSeries('BTCUSDT', '1h'),
  'LINKUSDT futures 1m': () => loadFuturesMinutes('LINKUSDT'),
  'AVAXUSDT futures 1m': () => loadFuturesMinutes('AVAXUSDT'),
  'SPY Lean minutes': () => loadStockMinutes('spy'),
  // 2014 with pre-market: runs of flat minutes where body = average = 0 (doji's `<=` matters).
  'AAPL Lean minutes': () => loadStockMinutes('aapl'),
  'AAPL yfinance 1m': () => loadStockMinutes('AAPL', 'yfinance'),
};

function runTalib(name: string, bars: BarColumns): TalibResult {
  return talib.execute({
    name,
    startIdx: 0,
    endIdx: bars.time.length - 1,
    open: Array.from(bars.open),
    high: Array.from(bars.high),
    low: Array.from(bars.low),
    close: Array.from(bars.close),
  });
}

function runBatch(batch: Batch, bars: BarColumns): Float64Array {
  return batch(bars.open, bars.high, bars.low, bars.close);
}

/** First index where two outputs differ (Object.is), or −1. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

describe.each(patterns)('$talib', (p) => {
  test('equals talib@1.1.6 exactly on real series, from the same first bar, with hits of every kind', () => {
    const hits = new Map<number, number>();
    for (const [label, load] of Object.entries(series)) {
      const bars = load();
      const oracle = runTalib(p.talib, bars);
      const ours = runBatch(p.batch, bars);
      expect(oracle.begIndex, `${label}: begIndex`).toBe(p.lookback);
      expect(oracle.nbElement, `${label}: nbElement`).toBe(bars.time.length - p.lookback);
      for (let i = 0; i < p.lookback; i++) expect(ours[i], `${label}: warm-up index ${i}`).toBeNaN();
      const ref = oracle.result.outInteger;
      const diff = firstDifference(ours.subarray(p.lookback), ref);
      expect(
        diff,
        diff < 0
          ? ''
          : `${label}: index ${diff + p.lookback}: ours ${ours[diff + p.lookback]}, TA-Lib ${ref[diff]}`,
      ).toBe(-1);
      for (const v of ref) if (v !== 0) hits.set(v, (hits.get(v) ?? 0) + 1);
    }
    // The comparison must have had something to compare: every output TA-Lib can give occurs.
    expect([...hits.keys()].sort()).toEqual([...p.values].sort());
    for (const v of p.values) expect(hits.get(v), `hits of ${v}`).toBeGreaterThan(20);
  });

  test('streaming equals batch bit for bit, and a snapshot restored mid-series continues identically', () => {
    for (const [label, load] of Object.entries(series)) {
      const bars = load();
      const n = bars.time.length;
      const batch = runBatch(p.batch, bars);
      const stream = p.stream();
      const streamed = new Float64Array(n);
      const cut = Math.floor(n / 3);
      let resumed: Stream | undefined;
      const resumedOut = new Float64Array(n - cut);
      for (let i = 0; i < n; i++) {
        streamed[i] = stream.update(bars.open[i], bars.high[i], bars.low[i], bars.close[i]);
        if (resumed)
          resumedOut[i - cut] = resumed.update(bars.open[i], bars.high[i], bars.low[i], bars.close[i]);
        if (i === cut - 1) resumed = p.restore(stream.snapshot().slice());
      }
      expect(firstDifference(streamed, batch), `${label}: stream vs batch`).toBe(-1);
      expect(firstDifference(resumedOut, batch.subarray(cut)), `${label}: restored stream`).toBe(-1);
    }
  });

  test('a restore during the warm-up continues identically', () => {
    const bars = loadStockMinutes('AAPL', 'yfinance');
    const batch = runBatch(p.batch, bars);
    for (let cut = 0; cut <= p.lookback + 1; cut++) {
      const first = p.stream();
      for (let i = 0; i < cut; i++) first.update(bars.open[i], bars.high[i], bars.low[i], bars.close[i]);
      const resumed = p.restore(first.snapshot());
      for (let i = cut; i < 200; i++) {
        const v = resumed.update(bars.open[i], bars.high[i], bars.low[i], bars.close[i]);
        expect(Object.is(v, batch[i]), `cut ${cut}, index ${i}: ${v} vs ${batch[i]}`).toBe(true);
      }
    }
  });

  test('equals TA-Lib on short windows starting at every offset of a real series (the seeding phase)', () => {
    // Each window's first outputs depend on how TA-Lib seeds its period sums; a hit there is rare
    // in one long series, so compare thousands of short windows of real bars.
    const bars = loadStockMinutes('spy');
    const length = p.lookback + 12;
    let hits = 0;
    for (let s = 0; s + length <= 4000; s++) {
      const window = sliceColumns(bars, s, s + length);
      const ref = runTalib(p.talib, window).result.outInteger;
      const ours = runBatch(p.batch, window);
      const diff = firstDifference(ours.subarray(p.lookback), ref);
      expect(diff, `window at ${s}: index ${diff + p.lookback}`).toBe(-1);
      const stream = p.stream();
      for (let i = 0; i < length; i++) {
        const v = stream.update(window.open[i], window.high[i], window.low[i], window.close[i]);
        if (!Object.is(v, ours[i])) expect.fail(`window at ${s}, index ${i}: stream ${v}, batch ${ours[i]}`);
      }
      if (ours[p.lookback] !== 0) hits++;
    }
    expect(hits, 'windows with a hit on their first output').toBeGreaterThan(10);
  });

  test('values up to t are identical when the series is cut at t', () => {
    const bars = loadFuturesMinutes('LINKUSDT');
    const full = runBatch(p.batch, bars);
    for (const t of [0, p.lookback - 1, p.lookback, p.lookback + 1, 1000, 27_777]) {
      const cut = runBatch(p.batch, sliceColumns(bars, 0, t + 1));
      expect(firstDifference(cut, full.subarray(0, t + 1)), `cut at ${t}`).toBe(-1);
    }
  });

  test('short inputs are all NaN like TA-Lib (no output), and mismatched lengths are refused', () => {
    const bars = sliceColumns(loadStockMinutes('spy'), 0, p.lookback);
    expect(runTalib(p.talib, bars).nbElement).toBe(0);
    expect(Array.from(runBatch(p.batch, bars)).every(Number.isNaN)).toBe(true);
    expect(runBatch(p.batch, sliceColumns(bars, 0, 0))).toHaveLength(0);
    const full = loadStockMinutes('spy');
    expect(() => p.batch(full.open, full.high.subarray(1), full.low, full.close)).toThrow(/lengths differ/);
    expect(() => p.restore(new Float64Array(1))).toThrow(/state has 1 values/);
  });

  test('writes into a given out array', () => {
    const bars = loadStockMinutes('spy');
    const out = new Float64Array(bars.time.length).fill(7);
    const result = (p.batch as (...a: Float64Array[]) => Float64Array)(
      bars.open,
      bars.high,
      bars.low,
      bars.close,
      out,
    );
    expect(result).toBe(out);
    expect(firstDifference(out, runBatch(p.batch, bars))).toBe(-1);
  });
});

test('NaN inputs behave as in TA-Lib (judged 0; a NaN in the running sums silences later candles)', () => {
  const bars = loadStockMinutes('spy');
  const n = 400;
  const o = bars.open.slice(0, n);
  const h = bars.high.slice(0, n);
  const l = bars.low.slice(0, n);
  const c = bars.close.slice(0, n);
  h[150] = Number.NaN;
  c[151] = Number.NaN;
  const cut = {
    time: bars.time.slice(0, n),
    open: o,
    high: h,
    low: l,
    close: c,
    volume: bars.volume.slice(0, n),
  };
  for (const p of patterns) {
    const ref = runTalib(p.talib, cut).result.outInteger;
    const ours = runBatch(p.batch, cut);
    expect(firstDifference(ours.subarray(p.lookback), ref), p.talib).toBe(-1);
    const stream = p.stream();
    const streamed = Float64Array.from({ length: n }, (_, i) => stream.update(o[i], h[i], l[i], c[i]));
    expect(firstDifference(streamed, ours), `${p.talib} stream`).toBe(-1);
  }
});
