import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readZipEntries } from '../../src/core/ingest/archive/zip-reader.js';
import { parseKlineCsv } from '../../src/core/ingest/binance/kline-csv.js';
import {
  CORE_COLUMNS,
  EXTRA_COLUMNS,
  sliceColumns,
  type BarColumns,
} from '../../src/core/store/bar-columns.js';
import { BarStore, countGaps } from '../../src/core/store/bar-store.js';
import { packColumn, unpackColumn } from '../../src/core/store/column-codec.js';
import { queryCoverage, queryCoverageDays } from '../../src/core/store/coverage.js';
import { upsertInstrument } from '../../src/core/store/instruments.js';
import { mergeBarColumns } from '../../src/core/store/merge-bars.js';
import { openDatabase } from '../../src/core/store/open-database.js';

const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/data');
const ZIP_DIR = path.join(DATA, 'binance/spot/daily/klines/BTCUSDT/1m');
const DAYS = ['2020-01-01', '2020-01-02', '2020-01-03'];
const MIN = 60_000;
const DAY_MS = 86_400_000;
const DAY1 = Date.UTC(2020, 0, 1);
const ALL = [...CORE_COLUMNS, ...EXTRA_COLUMNS];

/** The three real days of 1m bars, parsed once. */
let days: BarColumns[];
/** All three days as one run. */
let all: BarColumns;

function concat(parts: BarColumns[]): BarColumns {
  const out = {} as BarColumns;
  for (const name of ALL) {
    if (!parts.every((p) => p[name])) continue;
    const total = parts.reduce((n, p) => n + p[name]!.length, 0);
    const col = new Float64Array(total);
    let offset = 0;
    for (const p of parts) {
      col.set(p[name]!, offset);
      offset += p[name]!.length;
    }
    out[name] = col;
  }
  return out;
}

/** Copy of the rows whose index passes `keep`. */
function filterRows(columns: BarColumns, keep: (i: number) => boolean): BarColumns {
  const idx = Array.from(columns.time.keys()).filter(keep);
  const out = {} as BarColumns;
  for (const name of ALL) if (columns[name]) out[name] = Float64Array.from(idx, (i) => columns[name]![i]);
  return out;
}

/** Exact equality of every column present on either side (Object.is per value), first difference reported. */
function expectSameBars(actual: BarColumns, expected: BarColumns): void {
  for (const name of ALL) {
    expect(actual[name] === undefined, `${name} presence`).toBe(expected[name] === undefined);
    if (!expected[name]) continue;
    const a = actual[name]!;
    const e = expected[name]!;
    expect(a.length, `${name} length`).toBe(e.length);
    let diff: string | null = null;
    for (let i = 0; i < e.length && diff === null; i++)
      if (!Object.is(a[i], e[i])) diff = `${name}[${i}]: ${a[i]} vs ${e[i]}`;
    expect(diff).toBeNull();
  }
}

beforeAll(() => {
  days = DAYS.map((d) => {
    const [entry] = readZipEntries(fs.readFileSync(path.join(ZIP_DIR, `BTCUSDT-1m-${d}.zip`)));
    return parseKlineCsv(entry.data);
  });
  all = concat(days);
});

let dir: string;
let db: Database;
let store: BarStore;
let btc: number;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tradelab-bars-'));
  db = openDatabase(dir);
  store = new BarStore(db);
  btc = upsertInstrument(
    db,
    { symbol: 'BTCUSDT', venue: 'binance', market: 'crypto-spot', base: 'BTC', quote: 'USDT' },
    1,
  );
});

afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const write = (columns: BarColumns, instrumentId = btc, interval = '1m', rawFileId: number | null = null) =>
  store.writeBars({ instrumentId, interval, source: 'test', rawFileId, columns });

describe('real data sanity', () => {
  it('three full days of 1m bars', () => {
    expect(days.map((d) => d.time.length)).toEqual([1440, 1440, 1440]);
    expect(all.time[0]).toBe(DAY1);
    expect(all.time[4319]).toBe(DAY1 + 3 * DAY_MS - MIN);
  });
});

describe('BarStore write and read', () => {
  it('stores one chunk per UTC day and reads everything back exactly (all ten columns)', () => {
    expect(write(all)).toBe(4320);
    const chunks = db
      .prepare(
        'SELECT day, bar_count, first_time, last_time, gap_count, source, interval FROM bar_chunks ORDER BY day',
      )
      .all();
    expect(chunks).toEqual(
      [0, 1, 2].map((i) => ({
        day: DAY1 / DAY_MS + i,
        bar_count: 1440,
        first_time: DAY1 + i * DAY_MS,
        last_time: DAY1 + (i + 1) * DAY_MS - MIN,
        gap_count: 0,
        source: 'test',
        interval: '1m',
      })),
    );
    expectSameBars(store.readBars({ instrumentId: btc, interval: '1m' }), all);
  });

  it('writing day by day gives the same result as one write', () => {
    for (const d of days) write(d);
    expectSameBars(store.readBars({ instrumentId: btc, interval: '1m' }), all);
  });

  it.each([
    ['across a midnight', Date.UTC(2020, 0, 1, 12), Date.UTC(2020, 0, 2, 6, 30)],
    ['inside one day', Date.UTC(2020, 0, 2, 10), Date.UTC(2020, 0, 2, 10, 5)],
    ['ending exactly at midnight', Date.UTC(2020, 0, 1, 23), Date.UTC(2020, 0, 2)],
    ['starting exactly at midnight', Date.UTC(2020, 0, 3), Date.UTC(2020, 0, 3, 0, 2)],
    ['off-minute bounds', Date.UTC(2020, 0, 1, 0, 0, 0, 1), Date.UTC(2020, 0, 3, 23, 58, 59, 999)],
    ['wider than the data', Date.UTC(2019, 11, 1), Date.UTC(2020, 1, 1)],
    ['before the data', Date.UTC(2019, 0, 1), Date.UTC(2019, 0, 2)],
    ['after the data', Date.UTC(2020, 0, 4), Date.UTC(2020, 0, 5)],
    ['empty (from = to)', Date.UTC(2020, 0, 2, 1), Date.UTC(2020, 0, 2, 1)],
  ])('reads a sub-range [from, to) %s exactly', (_label, from, to) => {
    write(all);
    const expected = filterRows(all, (i) => all.time[i] >= from && all.time[i] < to);
    const got = store.readBars({ instrumentId: btc, interval: '1m', from, to });
    expect(got.time.length).toBe(expected.time.length);
    if (expected.time.length > 0) expectSameBars(got, expected);
  });

  it('the across-midnight range has exactly 12 h + 6.5 h of bars, from included, to excluded', () => {
    write(all);
    const from = Date.UTC(2020, 0, 1, 12);
    const to = Date.UTC(2020, 0, 2, 6, 30);
    const got = store.readBars({ instrumentId: btc, interval: '1m', from, to });
    expect(got.time.length).toBe(18.5 * 60);
    expect(got.time[0]).toBe(from);
    expect(got.time.at(-1)).toBe(to - MIN);
  });

  it('reads open-ended ranges', () => {
    write(all);
    const mid = Date.UTC(2020, 0, 2, 12);
    expectSameBars(
      store.readBars({ instrumentId: btc, interval: '1m', from: mid }),
      filterRows(all, (i) => all.time[i] >= mid),
    );
    expectSameBars(
      store.readBars({ instrumentId: btc, interval: '1m', to: mid }),
      filterRows(all, (i) => all.time[i] < mid),
    );
  });

  it('reads nothing for another instrument or interval, and keeps series apart', () => {
    write(all);
    const eth = upsertInstrument(db, { symbol: 'ETHUSDT', venue: 'binance', market: 'crypto-spot' }, 1);
    expect(store.readBars({ instrumentId: eth, interval: '1m' }).time.length).toBe(0);
    expect(store.readBars({ instrumentId: btc, interval: '5m' }).time.length).toBe(0);
    write(days[1], eth);
    expectSameBars(store.readBars({ instrumentId: eth, interval: '1m' }), days[1]);
    expectSameBars(store.readBars({ instrumentId: btc, interval: '1m' }), all);
  });

  it('an empty read has the core columns, empty', () => {
    const got = store.readBars({ instrumentId: btc, interval: '1m' });
    for (const name of CORE_COLUMNS) expect(got[name]).toEqual(new Float64Array(0));
  });

  it('bars without the extra columns come back without them', () => {
    const core = {} as BarColumns;
    for (const name of CORE_COLUMNS) core[name] = days[0][name];
    write(core);
    const got = store.readBars({ instrumentId: btc, interval: '1m' });
    expectSameBars(got, core);
    expect(db.prepare('SELECT quote_volume, trades FROM bar_chunks').get()).toEqual({
      quote_volume: null,
      trades: null,
    });
  });

  it('drops the extra columns on a read spanning a day without them', () => {
    const core = {} as BarColumns;
    for (const name of CORE_COLUMNS) core[name] = days[1][name];
    write(days[0]);
    write(core);
    const both = store.readBars({ instrumentId: btc, interval: '1m' });
    expect(both.time.length).toBe(2880);
    for (const name of EXTRA_COLUMNS) expect(both[name]).toBeUndefined();
    expectSameBars(store.readBars({ instrumentId: btc, interval: '1m', to: DAY1 + DAY_MS }), days[0]);
  });

  it('records the raw file of the last write of a day', () => {
    db.prepare(
      `INSERT INTO raw_files (id, path, size, sha256, origin, instrument_id, interval, bars, ingested_at) VALUES (7, 'x', 1, 's', 'local', ?, '1m', 0, 1)`,
    ).run(btc);
    write(days[0], btc, '1m', 7);
    expect(db.prepare('SELECT raw_file_id FROM bar_chunks').get()).toEqual({ raw_file_id: 7 });
  });
});

describe('BarStore overlapping writes', () => {
  it('merges without duplicates and the new values win', () => {
    write(all);
    const from = Date.UTC(2020, 0, 2, 22);
    const to = Date.UTC(2020, 0, 3, 2);
    const overlap = filterRows(all, (i) => all.time[i] >= from && all.time[i] < to);
    for (const name of ALL) if (name !== 'time') overlap[name] = overlap[name]!.map((v) => v + 1000);
    expect(overlap.time.length).toBe(240);
    write(overlap);

    const got = store.readBars({ instrumentId: btc, interval: '1m' });
    expect(got.time.length).toBe(4320);
    for (let i = 1; i < got.time.length; i++)
      if (got.time[i] <= got.time[i - 1]) throw new Error(`not increasing at ${i}`);
    const expected = filterRows(all, () => true);
    for (const name of ALL) {
      if (name === 'time') continue;
      for (let i = 0; i < 4320; i++) if (all.time[i] >= from && all.time[i] < to) expected[name]![i] += 1000;
    }
    expectSameBars(got, expected);
    expect(db.prepare('SELECT bar_count, gap_count FROM bar_chunks ORDER BY day').all()).toEqual([
      { bar_count: 1440, gap_count: 0 },
      { bar_count: 1440, gap_count: 0 },
      { bar_count: 1440, gap_count: 0 },
    ]);
  });

  it('re-writing the same bars changes nothing', () => {
    write(all);
    write(all);
    expectSameBars(store.readBars({ instrumentId: btc, interval: '1m' }), all);
    expect(db.prepare('SELECT SUM(bar_count) AS n, COUNT(*) AS c FROM bar_chunks').get()).toEqual({
      n: 4320,
      c: 3,
    });
  });

  it('interleaved writes form the union in time order', () => {
    write(filterRows(days[0], (i) => i % 2 === 0));
    expect(db.prepare('SELECT bar_count, gap_count FROM bar_chunks').get()).toEqual({
      bar_count: 720,
      gap_count: 719,
    });
    write(filterRows(days[0], (i) => i % 2 === 1));
    expectSameBars(store.readBars({ instrumentId: btc, interval: '1m' }), days[0]);
    expect(db.prepare('SELECT bar_count, gap_count, first_time, last_time FROM bar_chunks').get()).toEqual({
      bar_count: 1440,
      gap_count: 0,
      first_time: DAY1,
      last_time: DAY1 + DAY_MS - MIN,
    });
  });

  it('a write without extra columns onto bars with them leaves NaN extras for the new rows', () => {
    write(filterRows(days[0], (i) => i < 10));
    const core = {} as BarColumns;
    for (const name of CORE_COLUMNS) core[name] = days[0][name].slice(5, 15);
    write(core);
    const got = store.readBars({ instrumentId: btc, interval: '1m' });
    expect(got.time.length).toBe(15);
    expect(Array.from(got.trades!.slice(0, 5))).toEqual(Array.from(days[0].trades!.slice(0, 5)));
    expect(Array.from(got.trades!.slice(5)).every(Number.isNaN)).toBe(true);
    expect(Array.from(got.close)).toEqual(Array.from(days[0].close.slice(0, 15)));
  });
});

describe('mergeBarColumns', () => {
  const bars = (times: number[], value: number, extras = true): BarColumns => {
    const out = {} as BarColumns;
    for (const name of extras ? ALL : CORE_COLUMNS)
      out[name] = Float64Array.from(times, (t) => (name === 'time' ? t : value));
    return out;
  };

  it('unions by time, incoming wins at equal times', () => {
    const merged = mergeBarColumns(bars([1, 3, 5, 7], 1), bars([2, 3, 8], 2));
    expect(Array.from(merged.time)).toEqual([1, 2, 3, 5, 7, 8]);
    expect(Array.from(merged.close)).toEqual([1, 2, 2, 1, 1, 2]);
    expect(Array.from(merged.trades!)).toEqual([1, 2, 2, 1, 1, 2]);
  });

  it('handles an empty side', () => {
    expect(Array.from(mergeBarColumns(bars([], 1), bars([4, 5], 2)).time)).toEqual([4, 5]);
    expect(Array.from(mergeBarColumns(bars([4, 5], 1), bars([], 2)).open)).toEqual([1, 1]);
  });

  it('without extras on either side, the result has none', () => {
    const merged = mergeBarColumns(bars([1], 1, false), bars([2], 2, false));
    for (const name of EXTRA_COLUMNS) expect(merged[name]).toBeUndefined();
  });
});

describe('countGaps', () => {
  const t = (...minutes: number[]) => Float64Array.from(minutes, (m) => m * MIN);
  it.each([
    [t(), 0],
    [t(0), 0],
    [t(0, 1, 2, 3), 0],
    [t(0, 2), 1],
    [t(0, 1, 5, 6, 10), 2],
    [t(0, 1, 2, 100), 1],
  ])('%o → %d', (time, n) => {
    expect(countGaps(time, MIN)).toBe(n);
  });

  it('a step shorter than the interval (misaligned candles) is not a gap', () => {
    expect(countGaps(Float64Array.from([0, 30_000, 60_000 + 30_000]), MIN)).toBe(0);
    expect(countGaps(Float64Array.from([0, MIN + 1]), MIN)).toBe(1);
  });
});

describe('coverage', () => {
  /** Day 1 with a run of 5 bars and 1 single bar missing, day 2 missing, day 3 full. */
  function writeHoley() {
    const day1 = filterRows(days[0], (i) => !(i >= 100 && i < 105) && i !== 700);
    write(day1);
    write(days[2]);
    return day1;
  }

  it('one row per series: bars, first/last ISO, days, gaps inside and between days', () => {
    writeHoley();
    expect(db.prepare('SELECT gap_count FROM bar_chunks ORDER BY day').all()).toEqual([
      { gap_count: 2 },
      { gap_count: 0 },
    ]);
    expect(queryCoverage(db)).toEqual([
      {
        symbol: 'BTCUSDT',
        venue: 'binance',
        market: 'crypto-spot',
        interval: '1m',
        bars: 1434 + 1440,
        first: '2020-01-01T00:00:00.000Z',
        last: '2020-01-03T23:59:00.000Z',
        days: 2,
        gaps: 3,
      },
    ]);
  });

  it('consecutive full days have no gap between them', () => {
    write(all);
    expect(queryCoverage(db)).toEqual([
      expect.objectContaining({
        bars: 4320,
        days: 3,
        gaps: 0,
        first: '2020-01-01T00:00:00.000Z',
        last: '2020-01-03T23:59:00.000Z',
      }),
    ]);
  });

  it('a day ending early and the next starting late count one gap between them', () => {
    write(filterRows(days[0], (i) => i < 1400));
    write(filterRows(days[1], (i) => i >= 10));
    expect(queryCoverage(db)).toEqual([expect.objectContaining({ bars: 1400 + 1430, days: 2, gaps: 1 })]);
  });

  it('separates symbols, markets and intervals, in symbol order', () => {
    write(all);
    const perp = upsertInstrument(db, { symbol: 'BTCUSDT', venue: 'binance', market: 'crypto-perp' }, 1);
    const eth = upsertInstrument(db, { symbol: 'ETHUSDT', venue: 'binance', market: 'crypto-spot' }, 1);
    write(days[1], perp);
    write(days[0], eth);
    write(
      filterRows(days[2], (i) => i % 60 === 0),
      btc,
      '1h',
    );
    const rows = queryCoverage(db).map((r) => [r.symbol, r.market, r.interval, r.bars, r.days, r.gaps]);
    expect(rows).toEqual([
      ['BTCUSDT', 'crypto-perp', '1m', 1440, 1, 0],
      ['BTCUSDT', 'crypto-spot', '1h', 24, 1, 0],
      ['BTCUSDT', 'crypto-spot', '1m', 4320, 3, 0],
      ['ETHUSDT', 'crypto-spot', '1m', 1440, 1, 0],
    ]);
  });

  it('is empty without bars', () => {
    expect(queryCoverage(db)).toEqual([]);
    expect(queryCoverageDays(db, { limitDays: 10 })).toEqual([]);
  });

  // Regression: series are ordered by venue too, so two venues never interleave by day.
  it('keeps two venues of the same symbol as one row each', () => {
    const other = upsertInstrument(db, { symbol: 'BTCUSDT', venue: 'bybit', market: 'crypto-spot' }, 1);
    write(all);
    write(all, other);
    const rows = queryCoverage(db).map((r) => [r.venue, r.bars, r.days]);
    expect(rows).toHaveLength(2);
    expect(rows).toEqual(
      expect.arrayContaining([
        ['binance', 4320, 3],
        ['bybit', 4320, 3],
      ]),
    );
  });

  it('coverage days: bars, expected and gaps per UTC day', () => {
    writeHoley();
    expect(queryCoverageDays(db, { limitDays: 366 })).toEqual([
      {
        symbol: 'BTCUSDT',
        market: 'crypto-spot',
        interval: '1m',
        day: '2020-01-01',
        bars: 1434,
        expected: 1440,
        gaps: 2,
      },
      {
        symbol: 'BTCUSDT',
        market: 'crypto-spot',
        interval: '1m',
        day: '2020-01-03',
        bars: 1440,
        expected: 1440,
        gaps: 0,
      },
    ]);
  });

  it('coverage days: newest limitDays per series, filtered by symbol and interval', () => {
    write(all);
    write(
      filterRows(all, (i) => i % 60 === 0),
      btc,
      '1h',
    );
    const eth = upsertInstrument(db, { symbol: 'ETHUSDT', venue: 'binance', market: 'crypto-spot' }, 1);
    write(days[0], eth);

    const newest2 = queryCoverageDays(db, { limitDays: 2 });
    expect(newest2.map((d) => [d.symbol, d.interval, d.day, d.bars, d.expected])).toEqual([
      ['BTCUSDT', '1h', '2020-01-02', 24, 24],
      ['BTCUSDT', '1h', '2020-01-03', 24, 24],
      ['BTCUSDT', '1m', '2020-01-02', 1440, 1440],
      ['BTCUSDT', '1m', '2020-01-03', 1440, 1440],
      ['ETHUSDT', '1m', '2020-01-01', 1440, 1440],
    ]);
    expect(queryCoverageDays(db, { symbol: 'ETHUSDT', limitDays: 10 }).map((d) => d.day)).toEqual([
      '2020-01-01',
    ]);
    expect(queryCoverageDays(db, { interval: '1h', limitDays: 10 }).map((d) => [d.symbol, d.day])).toEqual([
      ['BTCUSDT', '2020-01-01'],
      ['BTCUSDT', '2020-01-02'],
      ['BTCUSDT', '2020-01-03'],
    ]);
    expect(
      queryCoverageDays(db, { symbol: 'BTCUSDT', interval: '1m', limitDays: 1 }).map((d) => d.day),
    ).toEqual(['2020-01-03']);
    expect(queryCoverageDays(db, { symbol: 'NOPE', limitDays: 10 })).toEqual([]);
  });
});

describe('column codec', () => {
  const values = Float64Array.from([
    0,
    -0,
    1.5,
    -2.25,
    1e308,
    5e-324,
    Number.NaN,
    Infinity,
    -Infinity,
    58739.46,
  ]);

  it('packs to little-endian float64 bytes and back', () => {
    const blob = packColumn(values);
    expect(blob.length).toBe(values.length * 8);
    expect(blob.readDoubleLE(16)).toBe(1.5);
    expect(blob.readDoubleLE(72)).toBe(58739.46);
    const back = unpackColumn(blob);
    expect(back.length).toBe(values.length);
    for (let i = 0; i < values.length; i++) expect(Object.is(back[i], values[i])).toBe(true);
  });

  it('packs only the viewed part of a subarray', () => {
    const blob = packColumn(values.subarray(2, 4));
    expect(blob.length).toBe(16);
    expect(Array.from(unpackColumn(blob))).toEqual([1.5, -2.25]);
  });

  it('unpacks an unaligned buffer correctly, into its own memory', () => {
    for (const shift of [1, 3, 4, 7]) {
      const backing = Buffer.alloc(values.length * 8 + shift);
      const unaligned = backing.subarray(shift);
      for (let i = 0; i < values.length; i++) unaligned.writeDoubleLE(values[i], i * 8);
      expect(unaligned.byteOffset % 8).not.toBe(0);
      const back = unpackColumn(unaligned);
      for (let i = 0; i < values.length; i++)
        expect(Object.is(back[i], values[i]), `shift ${shift} index ${i}`).toBe(true);
      unaligned.writeDoubleLE(42, 0);
      expect(back[0]).toBe(0); // a copy, not a view of the changed buffer
    }
  });

  it('unpacks an aligned buffer at a non-zero offset', () => {
    const backing = Buffer.alloc(values.length * 8 + 16);
    const aligned = backing.subarray(
      16 - (backing.byteOffset % 8) + 0,
      16 - (backing.byteOffset % 8) + values.length * 8,
    );
    for (let i = 0; i < values.length; i++) aligned.writeDoubleLE(values[i], i * 8);
    expect(aligned.byteOffset % 8).toBe(0);
    const back = unpackColumn(aligned);
    expect(back.length).toBe(values.length);
    for (let i = 0; i < values.length; i++) expect(Object.is(back[i], values[i])).toBe(true);
  });

  it('sliceColumns (used to split writes by day) makes views, not copies', () => {
    const view = sliceColumns(all, 10, 20);
    expect(view.time.buffer).toBe(all.time.buffer);
    expect(view.trades!.length).toBe(10);
    expect(view.close[0]).toBe(all.close[10]);
  });

  it('round-trips an empty column', () => {
    expect(unpackColumn(packColumn(new Float64Array(0)))).toEqual(new Float64Array(0));
  });

  it.each([1, 7, 9, 15])('refuses %d bytes (not whole float64 values)', (n) => {
    expect(() => unpackColumn(Buffer.alloc(n))).toThrow(
      `Corrupt bar chunk column: ${n} bytes is not a whole number of float64 values.`,
    );
  });

  it('a real day round-trips through SQLite blobs bit for bit', () => {
    write(days[1]);
    const row = db.prepare('SELECT time, close, taker_buy_quote FROM bar_chunks').get() as Record<
      string,
      Buffer
    >;
    expectSameBars(
      {
        time: unpackColumn(row.time),
        close: unpackColumn(row.close),
        takerBuyQuote: unpackColumn(row.taker_buy_quote),
      } as BarColumns,
      { time: days[1].time, close: days[1].close, takerBuyQuote: days[1].takerBuyQuote } as BarColumns,
    );
  });
});
