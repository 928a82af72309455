import fs from 'node:fs';
import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/core/store/open-database.js';
import { JobFailure } from '../../src/core/jobs/job-context.js';
import {
  defaultSeries,
  MIN_TRAINING_BARS,
  NO_BARS_BLOCKER,
  requestedSeries,
  storedSeries,
} from '../../src/core/training/pick-series.js';
import { storeTrainingSeries, type StoredTrainingSeries } from '../helpers/training-data.js';
import { tempDir } from '../helpers/paths.js';

describe('picking training series from the store', () => {
  let dataDir: string;
  let db: Database;
  let stored: StoredTrainingSeries[];

  beforeAll(() => {
    dataDir = tempDir('tradelab-pick-');
    stored = storeTrainingSeries(dataDir, { maxBars: 3000 });
    db = openDatabase(dataDir);
  });
  afterAll(() => {
    db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists every stored series with its bar count from chunk metadata', () => {
    const series = storedSeries(db);
    expect(series.map((s) => [s.symbol, s.market, s.interval, s.bars])).toEqual(
      [...stored]
        .sort((a, b) => a.symbol.localeCompare(b.symbol))
        .map((s) => [s.symbol, s.market, s.interval, s.bars]),
    );
    for (const s of series) expect(s.from).toBeLessThan(s.to);
  });

  it('counts only the days inside a date range', () => {
    const all = storedSeries(db).find((s) => s.symbol === 'BTCUSDT')!;
    const lastDay = new Date(all.to).toISOString().slice(0, 10);
    const inRange = storedSeries(db, { from: lastDay }).find((s) => s.symbol === 'BTCUSDT')!;
    expect(inRange.bars).toBeGreaterThan(0);
    expect(inRange.bars).toBeLessThanOrEqual(24);
    expect(inRange.to).toBe(all.to);
  });

  it('Quick picks two crypto series and one stock, hourly, longest first', () => {
    const picked = defaultSeries(db, 'quick');
    expect(picked.blocker).toBeNull();
    expect(picked.series.map((s) => s.symbol).sort()).toEqual(['AAPL', 'BTCUSDT', 'ETHUSDT']);
    expect(picked.series.every((s) => s.interval === '1h')).toBe(true);
    expect(picked.series.filter((s) => s.market === 'stock')).toHaveLength(1);
  });

  it('names a blocker when the dates hold too few bars, and a different one for an empty store', () => {
    const newest = Math.max(...storedSeries(db).map((s) => s.to));
    const lastDay = new Date(newest).toISOString().slice(0, 10);
    const short = defaultSeries(db, 'quick', { from: lastDay });
    expect(short.series).toEqual([]);
    expect(short.blocker).toContain(`${MIN_TRAINING_BARS.toLocaleString('en-US')} bars`);
    expect(defaultSeries(db, 'quick', { from: '1990-01-01', to: '1990-02-01' }).blocker).toMatch(
      /No bars stored between 1990-01-01 and 1990-02-01/,
    );

    const emptyDir = tempDir('tradelab-pick-empty-');
    const empty = openDatabase(emptyDir);
    try {
      expect(defaultSeries(empty, 'quick')).toEqual({ series: [], blocker: NO_BARS_BLOCKER });
      expect(NO_BARS_BLOCKER).toMatch(/^No bars stored yet: fetch data first/);
    } finally {
      empty.close();
      fs.rmSync(emptyDir, { recursive: true, force: true });
    }
  });

  it('a request naming symbols gets those series (any case)', () => {
    const picked = requestedSeries(db, ['aapl', 'BTCUSDT']);
    expect(picked.map((s) => s.symbol)).toEqual(['AAPL', 'BTCUSDT']);
    expect(picked[0].instrumentId).not.toBe(picked[1].instrumentId);
  });

  it('an unknown symbol fails the job naming it and listing what is stored', () => {
    let error: unknown;
    try {
      requestedSeries(db, ['BTCUSDT', 'NOPEUSDT']);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(JobFailure);
    const message = (error as Error).message;
    expect(message).toMatch(/^No bars stored for NOPEUSDT\./);
    for (const s of stored) expect(message).toContain(s.symbol);
  });

  it('a symbol with too few bars in the dates fails the job saying how many it needs', () => {
    const all = storedSeries(db).find((s) => s.symbol === 'AAPL')!;
    const lastDay = new Date(all.to).toISOString().slice(0, 10);
    expect(() => requestedSeries(db, ['AAPL'], { from: lastDay })).toThrow(
      /Too few bars to train on AAPL 1h, \d+ bars: each series needs at least 1,000 bars/,
    );
  });
});
