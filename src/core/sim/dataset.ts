import type { Database } from 'better-sqlite3';
import type { MarketKind, SeriesLineage } from '../../shared/contract/index.js';
import { buildFeatures } from '../features/cache/feature-cache.js';
import { chainedBarDays } from '../features/cache/chunk-chain.js';
import { featureSet } from '../features/feature-sets/index.js';
import { fitNormalization, type NormalizationStats } from '../features/normalization/normalization-stats.js';
import { buildObservations } from '../features/observation/observation-builder.js';
import { featureRegistry } from '../features/registry/default-registry.js';
import { dbFeatureContext } from '../features/registry/feature-context.js';
import { JobCancelled, JobFailure } from '../jobs/job-context.js';
import { CORE_COLUMNS, sliceColumns, type BarColumns } from '../store/bar-columns.js';
import { intervalMs, utcDay } from '../time/intervals.js';
import { marketOpenFlags, segmentsAndReturns, warmupBars } from './series-rules.js';
import { splitBars, type SplitOptions } from './split-windows.js';
import { OBS_SIZE, type SeriesWindow, type TrainingSeries } from './training-series.js';

export interface SeriesRef {
  instrumentId: number;
  symbol: string;
  market: MarketKind;
  interval: string;
}

export interface SeriesSplit {
  series: TrainingSeries;
  train: SeriesWindow;
  validation: SeriesWindow;
  test: SeriesWindow;
  lineage: SeriesLineage;
  /** Statistics fit on the train window only, or options.normalization (the observation's scaling; σ is stdLogReturn). */
  normalization: NormalizationStats;
  /** Warm-up bars dropped before the series' first bar (features not yet defined there). */
  warmupBars: number;
}

export interface LoadSeriesOptions extends SplitOptions {
  /** First bar time to use, UTC ms (inclusive); default the first stored bar. */
  from?: number;
  /** UTC ms, exclusive; default after the last stored bar. */
  to?: number;
  /**
   * Statistics to build the observations with instead of fitting them on the train window (a
   * trained model's own, when its series are loaded again for evaluation or trading).
   */
  normalization?: NormalizationStats;
  isCancelled?: () => boolean;
  /** Days of the feature build done / total. */
  onProgress?: (done: number, total: number) => void | Promise<void>;
}

/** Observation rows built per pass (bounds the float64 scratch of buildObservations). */
const OBS_CHUNK = 16_384;

/**
 * One stored series ready for simulation (docs/simulation.md): its bars in [from, to) with the
 * 'observation' feature set through the feature cache (features warm up on the stored bars before
 * `from`, so the range start costs no warm-up unless it is the first stored bar), the bars still in
 * a feature's warm-up dropped, then split by bar index into train | purge | validation | purge |
 * test. Normalisation (and σ, the reward scale) is fit on the train window only and the
 * observations of every bar are built with it. Fails with a JobFailure naming the series when it
 * has too few bars; throws JobCancelled when `isCancelled` turns true during the feature build.
 */
export async function loadTrainingSeries(
  db: Database,
  ref: SeriesRef,
  options: LoadSeriesOptions,
): Promise<SeriesSplit> {
  const label = `${ref.symbol} ${ref.interval} (${ref.market})`;
  const set = featureSet('observation', featureRegistry());
  const from = options.from ?? -Infinity;
  const to = options.to ?? Infinity;
  const fromDay = Number.isFinite(from) ? utcDay(from) : undefined;
  const toDay = Number.isFinite(to) ? utcDay(to - 1) : undefined;

  const dayBars: BarColumns[] = [];
  const dayValues: Float64Array[][] = [];
  const result = await buildFeatures({
    db,
    instrument: { id: ref.instrumentId, symbol: ref.symbol, market: ref.market },
    interval: ref.interval,
    set,
    context: dbFeatureContext(db, ref.instrumentId, ref.market === 'stock' ? ref.symbol : null),
    fromDay,
    toDay,
    isCancelled: options.isCancelled,
    // The delivered arrays are views the cache may reuse: keep copies.
    onDay: (day) => {
      const bars = {} as BarColumns;
      for (const c of CORE_COLUMNS) bars[c] = day.bars[c].slice();
      dayBars.push(bars);
      dayValues.push(day.values.map((v) => v.slice()));
    },
    onProgress: options.onProgress ? (p) => options.onProgress!(p.daysDone, p.daysTotal) : undefined,
  });
  if (result.cancelled || options.isCancelled?.()) throw new JobCancelled({ series: label });

  const all = concatDays(dayBars);
  const names = set.columns;
  const allValues = names.map((_, c) => concatArrays(dayValues.map((d) => d[c])));
  // Only bars opened in [from, to).
  let lo = 0;
  while (lo < all.time.length && all.time[lo] < from) lo++;
  let hi = lo;
  while (hi < all.time.length && all.time[hi] < to) hi++;
  if (hi === lo) {
    const range = Number.isFinite(from) || Number.isFinite(to) ? ` in ${isoRange(from, to)}` : '';
    throw new JobFailure(`${label}: no stored bars${range}. Fetch or import the series first.`);
  }
  const columnsInRange: Record<string, Float64Array> = {};
  names.forEach((name, c) => (columnsInRange[name] = allValues[c].subarray(lo, hi)));
  const warmup = warmupBars(columnsInRange, hi - lo);
  const first = lo + warmup;
  const bars = sliceColumns(all, first, hi);
  const columns: Record<string, Float64Array> = {};
  names.forEach((name, c) => (columns[name] = allValues[c].subarray(first, hi)));
  const n = hi - first;

  const split = splitBars(0, n, options);
  if (typeof split === 'string')
    throw new JobFailure(
      `${label}: too few bars to train and evaluate on${Number.isFinite(from) || Number.isFinite(to) ? ` in ${isoRange(from, to)}` : ''}: ` +
        `${split} (after ${warmup} warm-up bars). Choose a longer date range, or fetch more history.`,
    );

  const { time } = bars;
  const trainFrom = time[split.train[0]];
  const trainTo = time[split.train[1]];
  let normalization: NormalizationStats;
  try {
    normalization = options.normalization ?? fitNormalization(bars, trainFrom, trainTo);
  } catch (err) {
    throw new JobFailure(
      `${label}: cannot fit normalisation on the train window: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
  const sigma = normalization.stdLogReturn;
  if (!(sigma > 0) || !Number.isFinite(sigma))
    throw new JobFailure(
      `${label}: the normalisation's log returns do not vary (σ = ${sigma}); the reward cannot be scaled. Check the stored closes.`,
    );

  const obs = new Float32Array(n * OBS_SIZE);
  const env = { market: ref.market, stats: normalization };
  for (let start = 0; start < n; start += OBS_CHUNK) {
    const end = Math.min(n, start + OBS_CHUNK);
    const chunkColumns: Record<string, Float64Array> = {};
    for (const name of names) chunkColumns[name] = columns[name].subarray(start, end);
    obs.set(buildObservations(sliceColumns(bars, start, end), chunkColumns, env), start * OBS_SIZE);
  }

  const { segmentEnd, nextLogReturn } = segmentsAndReturns(time, bars.close, ref.market, ref.interval);
  const days = chainedBarDays(db, { id: ref.instrumentId, symbol: ref.symbol }, ref.interval, new Set());
  const firstDay = utcDay(time[0]);
  const lastDay = utcDay(time[n - 1]);
  const series: TrainingSeries = {
    instrumentId: ref.instrumentId,
    symbol: ref.symbol,
    market: ref.market,
    interval: ref.interval,
    time: Float64Array.from(time),
    close: Float64Array.from(bars.close),
    atr: Float64Array.from(columns.atr_14),
    obs,
    nextLogReturn,
    marketOpen: marketOpenFlags(time, ref.market, ref.interval),
    segmentEnd,
    sigma,
    chunkChecksums: days.filter((d) => d.day >= firstDay && d.day <= lastDay).map((d) => d.chainHash),
  };
  const window = ([start, end]: [number, number]): SeriesWindow => ({ series, start, end });
  const test = window(split.test);
  const lineage: SeriesLineage = {
    symbol: ref.symbol,
    market: ref.market,
    interval: ref.interval,
    trainFrom,
    trainTo,
    testFrom: time[test.start],
    testTo: time[test.end - 1] + intervalMs(ref.interval),
    trainBars: split.train[1] - split.train[0],
    testBars: test.end - test.start,
    purgeBars: options.purgeBars,
  };
  return {
    series,
    train: window(split.train),
    validation: window(split.validation),
    test,
    lineage,
    normalization,
    warmupBars: warmup,
  };
}

function concatArrays(parts: Float64Array[]): Float64Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Float64Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

function concatDays(days: BarColumns[]): BarColumns {
  const out = {} as BarColumns;
  for (const c of CORE_COLUMNS) out[c] = concatArrays(days.map((d) => d[c]));
  return out;
}

function isoRange(from: number, to: number): string {
  const iso = (t: number) => new Date(t).toISOString().slice(0, 16).replace('T', ' ');
  return `${Number.isFinite(from) ? iso(from) : 'start'} .. ${Number.isFinite(to) ? iso(to) : 'end'}`;
}
