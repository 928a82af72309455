import fs from 'node:fs';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chartToBars } from '../../src/core/ingest/yahoo/chart-to-bars.js';
import { sliceColumns, type BarColumns } from '../../src/core/store/bar-columns.js';
import { BarStore } from '../../src/core/store/bar-store.js';
import { upsertInstrument } from '../../src/core/store/instruments.js';
import { mergeBarRuns } from '../../src/core/store/merge-bars.js';
import { openDatabase } from '../../src/core/store/open-database.js';
import { tempDir } from '../helpers/paths.js';
import { recordedYahooChart } from '../helpers/yahoo-replay/index.js';

const HOUR = 3_600_000;

/** The real AAPL 1m session of 2024-10-02 (389 sound bars inside the day). */
function aaplMinutes(): BarColumns {
  const chart = recordedYahooChart(
    'chart-AAPL-2024-10-02-to-2024-10-03-includePrePost-false-interval-1m.json',
  );
  const from = Date.parse('2024-10-02T00:00:00Z') + 4 * HOUR;
  return chartToBars({
    chart,
    interval: '1m',
    keep: { from, to: from + 24 * HOUR },
    now: Date.parse('2025-01-01T00:00:00Z'),
    splits: [],
  }).columns;
}

/** Same times, each bar carrying the real values of the bar after it, so the winner is visible. */
function shiftedValues(columns: BarColumns): BarColumns {
  const n = columns.time.length;
  const out = { ...sliceColumns(columns, 0, n - 1) };
  for (const name of ['open', 'high', 'low', 'close', 'volume'] as const)
    out[name] = columns[name].slice(1, n);
  return out;
}

describe('mergeBarRuns', () => {
  it('keeps the existing bar at shared times when asked, the incoming one by default, and counts them', () => {
    const bars = aaplMinutes();
    const existing = sliceColumns(bars, 0, 200);
    const incoming = sliceColumns(shiftedValues(bars), 100, 388);
    const kept = mergeBarRuns(existing, incoming, 'existing');
    expect(kept.sharedTimes).toBe(100);
    expect(kept.columns.time.length).toBe(388);
    expect([...kept.columns.close.subarray(0, 200)]).toEqual([...existing.close]);
    expect([...kept.columns.close.subarray(200)]).toEqual([...incoming.close.subarray(100)]);

    const replaced = mergeBarRuns(existing, incoming);
    expect(replaced.sharedTimes).toBe(100);
    expect([...replaced.columns.close.subarray(100)]).toEqual([...incoming.close]);
  });
});

describe('BarStore keep-existing writes (Yahoo filling around polygon-flat bars)', () => {
  let dir: string;
  let db: Database;
  let store: BarStore;
  let aapl: number;

  beforeEach(() => {
    dir = tempDir();
    db = openDatabase(dir);
    store = new BarStore(db);
    aapl = upsertInstrument(
      db,
      { symbol: 'AAPL', venue: 'us', market: 'stock', base: 'AAPL', quote: 'USD' },
      1,
    );
  });
  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const chunk = () =>
    db
      .prepare('SELECT source, raw_file_id, bar_count FROM bar_chunks WHERE instrument_id = ?')
      .all(aapl) as Array<{
      source: string;
      raw_file_id: number | null;
      bar_count: number;
    }>;

  it('leaves better bars untouched, fills only missing times, and labels the day with both sources', () => {
    const bars = aaplMinutes();
    const polygon = sliceColumns(bars, 0, 200);
    const yahoo = sliceColumns(shiftedValues(bars), 100, 388);
    expect(
      store.writeBars({
        instrumentId: aapl,
        interval: '1m',
        source: 'polygon-flat',
        rawFileId: null,
        columns: polygon,
      }),
    ).toBe(200);
    const stored = store.writeBars({
      instrumentId: aapl,
      interval: '1m',
      source: 'yahoo',
      rawFileId: null,
      columns: yahoo,
      onConflict: 'keep-existing',
    });
    expect(stored).toBe(188);

    const back = store.readBars({ instrumentId: aapl, interval: '1m' });
    expect(back.time.length).toBe(388);
    for (const name of ['open', 'high', 'low', 'close', 'volume'] as const) {
      expect([...back[name].subarray(0, 200)]).toEqual([...polygon[name]]);
      expect([...back[name].subarray(200)]).toEqual([...yahoo[name].subarray(100)]);
    }
    expect(chunk()).toEqual([{ source: 'polygon-flat+yahoo', raw_file_id: null, bar_count: 388 }]);

    // Yahoo again over the same day adds nothing and changes nothing, label included.
    expect(
      store.writeBars({
        instrumentId: aapl,
        interval: '1m',
        source: 'yahoo',
        rawFileId: null,
        columns: yahoo,
        onConflict: 'keep-existing',
      }),
    ).toBe(0);
    expect(chunk()).toEqual([{ source: 'polygon-flat+yahoo', raw_file_id: null, bar_count: 388 }]);
  });

  it('a keep-existing write over nothing stores everything under its own source; replace still overwrites', () => {
    const bars = aaplMinutes();
    const yahoo = shiftedValues(bars);
    expect(
      store.writeBars({
        instrumentId: aapl,
        interval: '1m',
        source: 'yahoo',
        rawFileId: null,
        columns: yahoo,
        onConflict: 'keep-existing',
      }),
    ).toBe(388);
    expect(chunk()[0].source).toBe('yahoo');
    // A better source written afterwards in the default mode replaces Yahoo's bars at equal times.
    const polygon = sliceColumns(bars, 0, 100);
    expect(
      store.writeBars({
        instrumentId: aapl,
        interval: '1m',
        source: 'polygon-flat',
        rawFileId: null,
        columns: polygon,
      }),
    ).toBe(100);
    const back = store.readBars({ instrumentId: aapl, interval: '1m' });
    expect([...back.close.subarray(0, 100)]).toEqual([...polygon.close]);
    expect([...back.close.subarray(100)]).toEqual([...yahoo.close.subarray(100)]);
    expect(chunk()[0].source).toBe('polygon-flat');
  });
});
