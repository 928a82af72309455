/**
 * Feature benchmarks on ≥ 1M bars built from real series: each kernel in Mbar/s beside the talib
 * binding in the same run (interleaved, so load drift hits both alike), every registered feature
 * through its definition, the full feature matrix of the export and observation sets per 1M bars
 * (extrapolated to the 45M-bar universe), and the feature cache's two strategies on a real store.
 *
 * The series: BTCUSDT spot 1h (2017-08..2023-05, 43,261 bars), then LINKUSDT (40,320) and AVAXUSDT
 * (44,640) USD-M 1m, all from ../shared/data, concatenated in that order and the whole repeated
 * until ≥ 1M bars. Prices and volumes are the files' own, unchanged (so there is a jump at each
 * join); times are re-stamped as consecutive minutes from 2020-01-01 so they stay increasing and
 * day anchors (VWAP) see ~1,440 bars a day. Throughput does not depend on which symbol a bar is.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildFeatures, type CacheStrategy } from '../../src/core/features/cache/feature-cache.js';
import { EXPORT_SET, OBSERVATION_SET } from '../../src/core/features/feature-sets/index.js';
import {
  resolveFeatureSet,
  type ResolvedFeatureSet,
} from '../../src/core/features/feature-sets/feature-set.js';
import { adx } from '../../src/core/features/kernels/adx.js';
import { atr } from '../../src/core/features/kernels/atr.js';
import { bollinger } from '../../src/core/features/kernels/bollinger.js';
import { ema } from '../../src/core/features/kernels/ema.js';
import { macd } from '../../src/core/features/kernels/macd.js';
import { obv } from '../../src/core/features/kernels/obv.js';
import { cdlDoji } from '../../src/core/features/kernels/patterns/cdl-doji.js';
import { cdlEngulfing } from '../../src/core/features/kernels/patterns/cdl-engulfing.js';
import { cdlHammer } from '../../src/core/features/kernels/patterns/cdl-hammer.js';
import { cdlShootingStar } from '../../src/core/features/kernels/patterns/cdl-shooting-star.js';
import { roc } from '../../src/core/features/kernels/roc.js';
import { rsi } from '../../src/core/features/kernels/rsi.js';
import { sma } from '../../src/core/features/kernels/sma.js';
import { stochastic } from '../../src/core/features/kernels/stochastic.js';
import { trueRange } from '../../src/core/features/kernels/true-range.js';
import { featureRegistry } from '../../src/core/features/registry/default-registry.js';
import { emptyFeatureContext } from '../../src/core/features/registry/feature-context.js';
import type { FeatureInput } from '../../src/core/features/registry/feature-definition.js';
import { allocateColumns, sliceColumns, type BarColumns } from '../../src/core/store/bar-columns.js';
import { BarStore } from '../../src/core/store/bar-store.js';
import { upsertInstrument } from '../../src/core/store/instruments.js';
import { openDatabase } from '../../src/core/store/open-database.js';
import { loadBinanceSeries, loadFuturesMinutes } from '../helpers/real-series.js';
import type { BenchLine, BenchSection } from './ingest.bench.js';
import { formatMs, measure, measureInterleaved, perSecond } from './timing.js';

const talib = createRequire(import.meta.url)('talib') as { execute(args: object): unknown };

const TARGET_BARS = 1_000_000;
const UNIVERSE_BARS = 45_000_000;
/** Bars of the cache benchmark (a store of 1m day chunks, ~139 days). */
const CACHE_BARS = 200_000;
const MINUTE = 60_000;
const DAY_MS = 86_400_000;

export interface FeatureBenchReport {
  bars: number;
  sections: BenchSection[];
  /** Lines printed after the tables (the matrix extrapolation and the cache choice). */
  summary: string[];
}

/** The real series, concatenated and repeated to ≥ 1M bars (see the file comment). */
export function benchSeries(minBars = TARGET_BARS): BarColumns {
  const parts = [
    loadBinanceSeries('BTCUSDT', '1h'),
    loadFuturesMinutes('LINKUSDT'),
    loadFuturesMinutes('AVAXUSDT'),
  ];
  const round = parts.reduce((s, p) => s + p.time.length, 0);
  const n = Math.ceil(minBars / round) * round;
  const out = allocateColumns(n, false);
  let offset = 0;
  while (offset < n) {
    for (const part of parts) {
      for (const name of ['open', 'high', 'low', 'close', 'volume'] as const)
        out[name].set(part[name], offset);
      offset += part.time.length;
    }
  }
  const start = Date.UTC(2020, 0, 1);
  for (let i = 0; i < n; i++) out.time[i] = start + i * MINUTE;
  return out;
}

interface KernelCase {
  name: string;
  ours: () => void;
  /** The talib call computing the same thing (inputs converted once, outside the clock). */
  talib?: () => void;
}

function kernelCases(bars: BarColumns): KernelCase[] {
  const n = bars.time.length;
  const { open, high, low, close, volume } = bars;
  const out = new Float64Array(n);
  const js = {
    open: Array.from(open),
    high: Array.from(high),
    low: Array.from(low),
    close: Array.from(close),
    volume: Array.from(volume),
  };
  const t = (name: string, args: object) => () =>
    void talib.execute({ name, startIdx: 0, endIdx: n - 1, ...args });
  const inReal = { inReal: js.close };
  const hlc = { high: js.high, low: js.low, close: js.close };
  const ohlc = { open: js.open, ...hlc };
  // Multi-output kernels reuse the outputs of a first call as `out`.
  const macdOut = macd(close);
  const bbOut = bollinger(close);
  const stochOut = stochastic(high, low, close);
  return [
    { name: 'SMA 20', ours: () => sma(close, 20, out), talib: t('SMA', { ...inReal, optInTimePeriod: 20 }) },
    { name: 'EMA 20', ours: () => ema(close, 20, out), talib: t('EMA', { ...inReal, optInTimePeriod: 20 }) },
    { name: 'RSI 14', ours: () => rsi(close, 14, out), talib: t('RSI', { ...inReal, optInTimePeriod: 14 }) },
    { name: 'TRANGE', ours: () => trueRange(high, low, close, out), talib: t('TRANGE', hlc) },
    {
      name: 'ATR 14',
      ours: () => atr(high, low, close, 14, out),
      talib: t('ATR', { ...hlc, optInTimePeriod: 14 }),
    },
    {
      name: 'MACD 12/26/9',
      ours: () => macd(close, { fast: 12, slow: 26, signal: 9 }, macdOut),
      talib: t('MACD', { ...inReal, optInFastPeriod: 12, optInSlowPeriod: 26, optInSignalPeriod: 9 }),
    },
    {
      name: 'Bollinger 20, 2',
      ours: () => bollinger(close, { period: 20, devUp: 2, devDown: 2 }, bbOut),
      talib: t('BBANDS', {
        ...inReal,
        optInTimePeriod: 20,
        optInNbDevUp: 2,
        optInNbDevDn: 2,
        optInMAType: 0,
      }),
    },
    {
      name: 'Stochastic 14/3/3',
      ours: () => stochastic(high, low, close, { fastK: 14, slowK: 3, slowD: 3 }, stochOut),
      talib: t('STOCH', {
        ...hlc,
        optInFastK_Period: 14,
        optInSlowK_Period: 3,
        optInSlowK_MAType: 0,
        optInSlowD_Period: 3,
        optInSlowD_MAType: 0,
      }),
    },
    {
      name: 'ADX 14',
      ours: () => adx(high, low, close, 14, out),
      talib: t('ADX', { ...hlc, optInTimePeriod: 14 }),
    },
    {
      name: 'OBV',
      ours: () => obv(close, volume, out),
      talib: t('OBV', { inReal: js.close, volume: js.volume }),
    },
    { name: 'ROC 10', ours: () => roc(close, 10, out), talib: t('ROC', { ...inReal, optInTimePeriod: 10 }) },
    { name: 'CDLDOJI', ours: () => cdlDoji(open, high, low, close, out), talib: t('CDLDOJI', ohlc) },
    { name: 'CDLHAMMER', ours: () => cdlHammer(open, high, low, close, out), talib: t('CDLHAMMER', ohlc) },
    {
      name: 'CDLSHOOTINGSTAR',
      ours: () => cdlShootingStar(open, high, low, close, out),
      talib: t('CDLSHOOTINGSTAR', ohlc),
    },
    {
      name: 'CDLENGULFING',
      ours: () => cdlEngulfing(open, high, low, close, out),
      talib: t('CDLENGULFING', ohlc),
    },
  ];
}

/** Batch computation of every member of a set on the input (what a cache miss over the whole history does). */
function computeMatrix(set: ResolvedFeatureSet, input: FeatureInput): void {
  for (const m of set.members) if (m.def.markets.includes(input.market)) m.def.compute(input);
}

export async function runFeatureBenchmarks(
  log: (line: string) => void = () => {},
): Promise<FeatureBenchReport> {
  log(`building ≥ ${TARGET_BARS.toLocaleString('en-US')} bars from real series …`);
  const bars = benchSeries();
  const n = bars.time.length;
  const sections: BenchSection[] = [];
  const summary: string[] = [];

  // 1. Kernels against the talib binding.
  log('kernels vs talib …');
  const kernelLines: BenchLine[] = kernelCases(bars).map((c) => {
    if (!c.talib) {
      const mine = measure({ run: c.ours });
      return { name: c.name, value: perSecond(n, mine.medianMs), unit: 'bar/s' };
    }
    const [mine, theirs] = measureInterleaved([{ run: c.ours }, { run: c.talib }]);
    const ratio = theirs.medianMs / mine.medianMs;
    return {
      name: c.name,
      value: perSecond(n, mine.medianMs),
      unit: 'bar/s',
      extra: `${(perSecond(n, theirs.medianMs) / 1e6).toFixed(1)} M talib`,
      ratio,
      against: 'talib binding',
      note: ratio >= 10 ? '' : 'below the ×10 target',
    };
  });
  sections.push({
    title:
      `Kernels on ${n.toLocaleString('en-US')} bars (BTCUSDT 1h + LINKUSDT/AVAXUSDT 1m, repeated), ` +
      'preallocated outputs; talib inputs converted to arrays once, outside the clock',
    lines: kernelLines,
  });

  // 2. Every registered feature through its definition (allocates its outputs, as the cache does).
  log('every registered feature …');
  const registry = featureRegistry();
  const cryptoInput: FeatureInput = {
    bars,
    market: 'crypto-perp',
    symbol: 'BENCH',
    context: emptyFeatureContext(),
    intervalMs: MINUTE,
  };
  sections.push({
    title: 'Every registered feature, definition compute() on the same bars (as crypto-perp; context empty)',
    lines: registry
      .all()
      .filter((f) => f.def.markets.includes(cryptoInput.market))
      .map((f) => {
        const timing = measure({ run: () => f.def.compute(cryptoInput), repeats: 3 });
        return {
          name: f.columns.join(', ').slice(0, 44),
          value: perSecond(n, timing.medianMs),
          unit: 'bar/s',
        };
      }),
  });

  // 3. The full feature matrix per 1M bars, extrapolated to the universe.
  log('feature matrices …');
  for (const setDef of [EXPORT_SET, OBSERVATION_SET]) {
    const set = resolveFeatureSet(setDef, registry);
    const timing = measure({ run: () => computeMatrix(set, cryptoInput), repeats: 3 });
    const perMillion = (timing.medianMs * 1e6) / n;
    const universeSeconds = (perMillion * UNIVERSE_BARS) / 1e6 / 1000;
    summary.push(
      `feature matrix "${set.name}" (${set.columns.length} columns, ${set.members.length} kernels): ` +
        `${formatMs(perMillion)} per 1M bars → ${universeSeconds.toFixed(1)} s for 45M bars on one core ` +
        `(target < 60 s: ${universeSeconds < 60 ? 'met' : 'not met'})`,
    );
  }

  // 4. The cache's strategies on a real store (the choice of feature-cache.ts's default).
  log('feature cache strategies …');
  summary.push(...(await cacheBenchmark(bars)));
  return { bars: n, sections, summary };
}

/**
 * Times a full build into an empty cache (stream vs batch), a second build (everything cached)
 * and the daily case (one new day appended) on CACHE_BARS stored 1m bars of the export set.
 */
async function cacheBenchmark(all: BarColumns): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tradelab-feature-bench-'));
  const db = openDatabase(dir);
  try {
    const id = upsertInstrument(db, { symbol: 'BENCH', venue: 'bench', market: 'crypto-perp' }, 0);
    const bars = sliceColumns(all, 0, CACHE_BARS);
    const lastDay = Math.floor(bars.time[CACHE_BARS - 1] / DAY_MS);
    const lastDayStart = bars.time.findIndex((t) => t >= lastDay * DAY_MS);
    const store = new BarStore(db);
    const write = (from: number, to: number) =>
      db.transaction(() =>
        store.writeBars({
          instrumentId: id,
          interval: '1m',
          source: 'bench',
          rawFileId: null,
          columns: sliceColumns(bars, from, to),
        }),
      )();
    write(0, lastDayStart);
    const set = resolveFeatureSet(EXPORT_SET, featureRegistry());
    const instrument = { id, symbol: 'BENCH', market: 'crypto-perp' as const };
    const timed = async (strategy: CacheStrategy) => {
      const start = performance.now();
      const result = await buildFeatures({
        db,
        instrument,
        interval: '1m',
        set,
        context: emptyFeatureContext(),
        strategy,
      });
      return { ms: performance.now() - start, result };
    };
    const lines: string[] = [];
    const days = lastDay - Math.floor(bars.time[0] / DAY_MS);
    for (const strategy of ['stream', 'batch'] as const) {
      db.prepare('DELETE FROM feature_chunks').run();
      const full = await timed(strategy);
      const cached = await timed(strategy);
      write(lastDayStart, CACHE_BARS); // the daily case: one more day arrives
      const appended = await timed(strategy);
      db.prepare('DELETE FROM bar_chunks WHERE instrument_id = ? AND day = ?').run(id, lastDay);
      lines.push(
        `feature cache, ${strategy.padEnd(6)} (${days} days of 1m bars, export set): empty cache ${formatMs(full.ms)} ` +
          `(${(perSecond(lastDayStart, full.ms) / 1e6).toFixed(2)} M bar/s), all cached ${formatMs(cached.ms)}, ` +
          `one new day ${formatMs(appended.ms)} (${appended.result.chunksComputed} day(s) computed)`,
      );
    }
    return lines;
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
