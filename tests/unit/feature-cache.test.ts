import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildFeatures, type CacheStrategy } from '../../src/core/features/cache/feature-cache.js';
import {
  resolveFeatureSet,
  type ResolvedFeatureSet,
} from '../../src/core/features/feature-sets/feature-set.js';
import { emptyFeatureContext } from '../../src/core/features/registry/feature-context.js';
import type { FeatureDefinition } from '../../src/core/features/registry/feature-definition.js';
import { FeatureRegistry } from '../../src/core/features/registry/feature-registry.js';
import { ema, EmaStream } from '../../src/core/features/kernels/ema.js';
import { rsi, RsiStream } from '../../src/core/features/kernels/rsi.js';
import { allocateColumns, sliceColumns, type BarColumns } from '../../src/core/store/bar-columns.js';
import { BarStore } from '../../src/core/store/bar-store.js';
import { upsertInstrument } from '../../src/core/store/instruments.js';
import { migrate } from '../../src/core/store/migrate.js';
import { DAY_MS, utcDay } from '../../src/core/time/intervals.js';
import { loadBinanceSeries } from '../helpers/real-series.js';
import { btcPerpetualProbe } from '../helpers/feature-probes.js';
import { featureRegistry } from '../../src/core/features/registry/default-registry.js';
import { dbFeatureContext } from '../../src/core/features/registry/feature-context.js';
import { upsertFundingRates } from '../../src/core/store/futures-data.js';

// Two months of real BTCUSDT 1h bars (59 UTC days), stored in day chunks.
const bars = loadBinanceSeries('BTCUSDT', '1h', { months: /2022-0[1-2]/ });
const DAYS = utcDay(bars.time[bars.time.length - 1]) - utcDay(bars.time[0]) + 1;

/** Cache test features over the real kernels: EMA 10 (one output) and RSI 14 + EMA 3 of close (two). */
const defs: FeatureDefinition[] = [
  {
    name: 'ema_test',
    definition: 'EMA 10 of close',
    inputs: ['bars'],
    markets: ['crypto-spot'],
    warmup: 9,
    kernelVersion: 1,
    params: { period: 10 },
    compute: ({ bars: b }) => [ema(b.close, 10)],
    stream: () => {
      const s = new EmaStream(10);
      return {
        update: (b, i) => [s.update(b.close[i])],
        snapshot: () => s.snapshot(),
        restore: (state) => s.readFrom(state, 0),
      };
    },
  },
  {
    name: 'pair_test',
    definition: 'RSI 14 and EMA 3 of close',
    inputs: ['bars'],
    markets: ['crypto-spot'],
    warmup: 14,
    kernelVersion: 1,
    params: { rsi: 14, ema: 3 },
    outputs: ['rsi_test', 'ema3_test'],
    compute: ({ bars: b }) => [rsi(b.close, 14), ema(b.close, 3)],
    stream: () => {
      let r = new RsiStream(14);
      const e = new EmaStream(3);
      return {
        update: (b, i) => [r.update(b.close[i]), e.update(b.close[i])],
        snapshot: () => Float64Array.of(...r.snapshot(), ...e.snapshot()),
        restore: (state) => {
          r = RsiStream.restore(14, state.subarray(0, 4));
          e.readFrom(state, 4);
        },
      };
    },
  },
  {
    name: 'stock_only',
    definition: 'a stock-only column: NaN for crypto',
    inputs: ['bars'],
    markets: ['stock'],
    warmup: 0,
    kernelVersion: 1,
    params: {},
    compute: ({ bars: b }) => [Float64Array.from(b.close)],
    stream: () => ({
      update: (b, i) => [b.close[i]],
      snapshot: () => new Float64Array(0),
      restore: () => {},
    }),
  },
];

let db: Db;
let set: ResolvedFeatureSet;
let instrument: { id: number; symbol: string; market: 'crypto-spot' };

beforeEach(() => {
  db = new Database(':memory:');
  migrate(db);
  const registry = new FeatureRegistry();
  for (const def of defs) registry.register(def);
  set = resolveFeatureSet(
    { name: 'cache-test', description: 'cache test', columns: ['rsi_test', 'ema_test', 'stock_only'] },
    registry,
  );
  const id = upsertInstrument(db, { symbol: 'BTCUSDT', venue: 'binance', market: 'crypto-spot' }, 0);
  instrument = { id, symbol: 'BTCUSDT', market: 'crypto-spot' };
  new BarStore(db).writeBars({
    instrumentId: id,
    interval: '1h',
    source: 'test',
    rawFileId: null,
    columns: bars,
  });
});
afterEach(() => db.close());

interface Collected {
  time: number[];
  columns: number[][];
  cachedDays: number[];
  computedDays: number[];
}

async function build(
  options: { strategy?: CacheStrategy; fromDay?: number; toDay?: number; cancelAfter?: number } = {},
) {
  const collected: Collected = {
    time: [],
    columns: set.columns.map(() => []),
    cachedDays: [],
    computedDays: [],
  };
  let daysSeen = 0;
  const result = await buildFeatures({
    db,
    instrument,
    interval: '1h',
    set,
    context: emptyFeatureContext(),
    strategy: options.strategy,
    fromDay: options.fromDay,
    toDay: options.toDay,
    isCancelled: () => options.cancelAfter !== undefined && daysSeen >= options.cancelAfter,
    onProgress: () => void daysSeen++,
    onDay: (day) => {
      (day.cached ? collected.cachedDays : collected.computedDays).push(day.day);
      collected.time.push(...day.bars.time);
      day.values.forEach((v, k) => collected.columns[k].push(...v));
    },
  });
  return { result, collected };
}

/** The set's columns by a fresh batch computation over the given bars. */
function batchColumns(b: BarColumns): number[][] {
  const [rsiTest] = [rsi(b.close, 14)];
  return [
    Array.from(rsiTest),
    Array.from(ema(b.close, 10)),
    new Array<number>(b.close.length).fill(Number.NaN),
  ];
}

function expectSame(actual: number[][], expected: number[][]) {
  expect(actual.length).toBe(expected.length);
  actual.forEach((col, k) => {
    expect(col.length).toBe(expected[k].length);
    const firstDiff = col.findIndex((v, i) => !Object.is(v, expected[k][i]));
    expect(firstDiff, `column ${set.columns[k]} differs at bar ${firstDiff}`).toBe(-1);
  });
}

describe('feature chunk cache', () => {
  it('computes every day once, then reads every day from the cache, equal to a fresh batch computation', async () => {
    const first = await build();
    expect(first.result).toMatchObject({
      days: DAYS,
      bars: bars.time.length,
      chunksCached: 0,
      chunksComputed: DAYS,
    });
    expect(first.collected.time).toEqual(Array.from(bars.time));
    expectSame(first.collected.columns, batchColumns(bars));

    const second = await build();
    expect(second.result).toMatchObject({ days: DAYS, chunksCached: DAYS, chunksComputed: 0 });
    expect(second.collected.computedDays).toEqual([]);
    expectSame(second.collected.columns, batchColumns(bars));
  });

  it('recomputes only the changed day and the days after it when a bar is rewritten', async () => {
    await build();
    // Rewrite one real bar of day 20 with its close nudged (as a re-download with a fix would).
    const day0 = utcDay(bars.time[0]);
    const changedDay = day0 + 20;
    const i = bars.time.findIndex((t) => utcDay(t) === changedDay) + 5;
    const fixed = allocateColumns(1, false);
    for (const name of ['time', 'open', 'high', 'low', 'close', 'volume'] as const)
      fixed[name][0] = bars[name][i];
    fixed.close[0] = bars.close[i] + 1;
    new BarStore(db).writeBars({
      instrumentId: instrument.id,
      interval: '1h',
      source: 'fix',
      rawFileId: null,
      columns: fixed,
    });

    const rebuilt = await build();
    expect(rebuilt.result).toMatchObject({ chunksCached: 20, chunksComputed: DAYS - 20 });
    expect(rebuilt.collected.cachedDays).toEqual(Array.from({ length: 20 }, (_, d) => day0 + d));
    expect(rebuilt.collected.computedDays[0]).toBe(changedDay);
    const changed = new BarStore(db).readBars({ instrumentId: instrument.id, interval: '1h' });
    expect(changed.close[i]).toBe(bars.close[i] + 1);
    expectSame(rebuilt.collected.columns, batchColumns(changed));
    // and that is now cached in turn
    expect((await build()).result).toMatchObject({ chunksCached: DAYS, chunksComputed: 0 });
  });

  it('a day removed from the middle invalidates every later day (the chain hash)', async () => {
    await build();
    const day0 = utcDay(bars.time[0]);
    db.prepare('DELETE FROM bar_chunks WHERE day = ?').run(day0 + 30);
    const rebuilt = await build();
    // Day 31 is unchanged by itself, but its EMA history lost a day: its chain hash differs.
    expect(rebuilt.result).toMatchObject({ days: DAYS - 1, chunksCached: 30, chunksComputed: DAYS - 31 });
    expect(rebuilt.collected.computedDays[0]).toBe(day0 + 31);
    expectSame(
      rebuilt.collected.columns,
      batchColumns(new BarStore(db).readBars({ instrumentId: instrument.id, interval: '1h' })),
    );
  });

  it('appending new days resumes from the last stored state', async () => {
    const day0 = utcDay(bars.time[0]);
    db.prepare('DELETE FROM bar_chunks WHERE day >= ?').run(day0 + 40);
    expect((await build()).result).toMatchObject({ chunksComputed: 40 });
    new BarStore(db).writeBars({
      instrumentId: instrument.id,
      interval: '1h',
      source: 'test',
      rawFileId: null,
      columns: sliceColumns(
        bars,
        bars.time.findIndex((t) => utcDay(t) === day0 + 40),
        bars.time.length,
      ),
    });
    const appended = await build();
    expect(appended.result).toMatchObject({ chunksCached: 40, chunksComputed: DAYS - 40 });
    expectSame(appended.collected.columns, batchColumns(bars));
  });

  it('gives the same values with the batch strategy', async () => {
    const batch = await build({ strategy: 'batch' });
    expect(batch.result.chunksComputed).toBe(DAYS);
    expectSame(batch.collected.columns, batchColumns(bars));
  });

  it('delivers only the requested days and leaves later days uncomputed', async () => {
    const day0 = utcDay(bars.time[0]);
    const part = await build({ fromDay: day0 + 10, toDay: day0 + 14 });
    expect(part.result).toMatchObject({ days: 5, chunksComputed: 15, chunksCached: 0 });
    expect(utcDay(part.collected.time[0])).toBe(day0 + 10);
    expect(utcDay(part.collected.time[part.collected.time.length - 1])).toBe(day0 + 14);
    const from = bars.time.findIndex((t) => t >= (day0 + 10) * DAY_MS);
    const to = bars.time.findIndex((t) => t >= (day0 + 15) * DAY_MS);
    expectSame(
      part.collected.columns,
      batchColumns(bars).map((c) => c.slice(from, to)),
    );
    const all = await build();
    expect(all.result).toMatchObject({ chunksCached: 15, chunksComputed: DAYS - 15 });
    expectSame(all.collected.columns, batchColumns(bars));
  });

  it('keeps the days computed before a cancel and resumes after them', async () => {
    const cancelled = await build({ cancelAfter: 7 });
    expect(cancelled.result.cancelled).toBe(true);
    expect(cancelled.result.chunksComputed).toBe(7);
    const resumed = await build();
    expect(resumed.result).toMatchObject({ chunksCached: 7, chunksComputed: DAYS - 7, cancelled: false });
    expectSame(resumed.collected.columns, batchColumns(bars));
  });
});

describe('feature chunk cache with context inputs', () => {
  it('recomputes from the day a late funding record lands on, and equals a fresh batch computation', async () => {
    const probe = btcPerpetualProbe();
    const perp = probe.input.bars;
    const funding = probe.input.context.fundingRates();
    const db2 = new Database(':memory:');
    migrate(db2);
    const id = upsertInstrument(db2, { symbol: 'BTCUSDT', venue: 'binance', market: 'crypto-perp' }, 0);
    new BarStore(db2).writeBars({
      instrumentId: id,
      interval: '1h',
      source: 'rest',
      rawFileId: null,
      columns: perp,
    });
    const rows = Array.from(funding.time, (time, k) => ({ time, rate: funding.rate[k] }));
    // Funding fetched before its last 10 records were published; the rest arrives later.
    upsertFundingRates(db2, id, rows.slice(0, -10), 'rest');
    const set = resolveFeatureSet(
      { name: 'funding-test', description: 'x', columns: ['funding_rate', 'ema_10'] },
      featureRegistry(),
    );
    const perpInstrument = { id, symbol: 'BTCUSDT', market: 'crypto-perp' as const };
    const run = () => {
      const values: number[][] = [[], []];
      return buildFeatures({
        db: db2,
        instrument: perpInstrument,
        interval: '1h',
        set,
        context: dbFeatureContext(db2, id, null),
        onDay: (d) => d.values.forEach((v, k) => values[k].push(...v)),
      }).then((result) => ({ result, values }));
    };
    const days = new Set(Array.from(perp.time, (t) => utcDay(t))).size;
    expect((await run()).result).toMatchObject({ chunksComputed: days });
    expect((await run()).result).toMatchObject({ chunksCached: days, chunksComputed: 0 });

    upsertFundingRates(db2, id, rows.slice(-10), 'rest');
    // The first late record (00:00) is seen by the 23:00 bar of the day before: that day changes.
    const late = utcDay(rows[rows.length - 10].time - 3_600_000);
    const rebuilt = await run();
    const daysBefore = new Set(Array.from(perp.time, (t) => utcDay(t)).filter((d) => d < late)).size;
    expect(rebuilt.result).toMatchObject({ chunksCached: daysBefore, chunksComputed: days - daysBefore });
    const fresh = featureRegistry()
      .byColumn('funding_rate')!
      .def.compute({
        bars: perp,
        market: 'crypto-perp',
        symbol: 'BTCUSDT',
        context: dbFeatureContext(db2, id, null),
        intervalMs: 3_600_000,
      })[0];
    expect(rebuilt.values[0]).toEqual(Array.from(fresh));
    expect(rebuilt.values[0].filter(Number.isFinite).length).toBeGreaterThan(1000);
    db2.close();
  });
});
