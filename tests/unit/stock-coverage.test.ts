import fs from 'node:fs';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BarColumns } from '../../src/core/store/bar-columns.js';
import { BarStore } from '../../src/core/store/bar-store.js';
import { queryCoverage, queryCoverageDays } from '../../src/core/store/coverage.js';
import { upsertInstrument } from '../../src/core/store/instruments.js';
import { openDatabase } from '../../src/core/store/open-database.js';
import { dataPath, tempDir } from '../helpers/paths.js';
import { filterRows } from '../helpers/quality-fixtures.js';
import {
  leanMinuteZips,
  loadLeanDaily,
  loadLeanMinuteZips,
  loadYfinanceCsv,
  newYorkMinuteOfDay,
} from '../helpers/stock-bars.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-01-02T03:04:05.000Z');

let dir: string;
let db: Database;
let store: BarStore;

beforeEach(() => {
  dir = tempDir('tradelab-stock-coverage-');
  db = openDatabase(dir);
  store = new BarStore(db);
});

afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(symbol: string, interval: string, columns: BarColumns): void {
  const instrumentId = upsertInstrument(
    db,
    { symbol, venue: 'us', market: 'stock', base: symbol, quote: 'USD' },
    NOW,
  );
  store.writeBars({ instrumentId, interval, source: 'polygon-flat', rawFileId: null, columns });
}

const regularHours = (t: number) => {
  const minute = newYorkMinuteOfDay(t);
  return minute >= 9 * 60 + 30 && minute < 16 * 60;
};
/** New York date of an EDT time (October 2013). */
const edtDate = (t: number) => new Date(t - 4 * 3_600_000).toISOString().slice(0, 10);

/** SPY regular-session minutes, Friday 2013-10-04 … Friday 2013-10-11 (six sessions), from Lean. */
function spyWeek(): BarColumns {
  const files = leanMinuteZips('spy').filter((f) => /2013100[4-9]|2013101[01]/.test(f));
  return filterRows(loadLeanMinuteZips(files), regularHours);
}

const spyDaily = (): BarColumns => loadLeanDaily('spy');

describe('stock coverage rows', () => {
  it('a week of session minutes has no gap over the weekend or between nights', () => {
    write('SPY', '1m', spyWeek());
    expect(queryCoverage(db)).toEqual([
      {
        symbol: 'SPY',
        venue: 'us',
        market: 'stock',
        interval: '1m',
        bars: 6 * 390,
        first: '2013-10-04T13:30:00.000Z',
        last: '2013-10-11T19:59:00.000Z',
        days: 6,
        gaps: 0,
      },
    ]);
  });

  it('a whole session missing between stored days is one gap', () => {
    write(
      'SPY',
      '1m',
      filterRows(spyWeek(), (t) => edtDate(t) !== '2013-10-09'),
    );
    expect(queryCoverage(db)).toEqual([expect.objectContaining({ bars: 5 * 390, days: 5, gaps: 1 })]);
  });

  it('Friday then Tuesday misses Monday; storing Monday closes the gap', () => {
    const week = spyWeek();
    write(
      'SPY',
      '1m',
      filterRows(week, (t) => ['2013-10-04', '2013-10-08'].includes(edtDate(t))),
    );
    expect(queryCoverage(db)).toEqual([expect.objectContaining({ days: 2, gaps: 1 })]);
    write(
      'SPY',
      '1m',
      filterRows(week, (t) => edtDate(t) === '2013-10-07'),
    );
    expect(queryCoverage(db)).toEqual([expect.objectContaining({ days: 3, gaps: 0 })]);
  });

  it('a session cut short is no gap between days (only whole sessions count there)', () => {
    // Friday ends at 15:00 New York, Monday starts at 10:00: both are partial, no session is missing.
    const week = spyWeek();
    write(
      'SPY',
      '1m',
      filterRows(week, (t) => {
        const date = edtDate(t);
        const minute = newYorkMinuteOfDay(t);
        return (date === '2013-10-04' && minute < 15 * 60) || (date === '2013-10-07' && minute >= 10 * 60);
      }),
    );
    expect(queryCoverage(db)).toEqual([expect.objectContaining({ days: 2, gaps: 0 })]);
  });

  it('daily SPY bars 1998–2021 have no gap across weekends and holidays; missing sessions are one', () => {
    const daily = spyDaily();
    const removed = [Date.parse('2020-03-16T00:00:00Z'), Date.parse('2020-03-17T00:00:00Z')];
    write(
      'SPY',
      '1d',
      filterRows(daily, (t) => !removed.includes(t)),
    );
    expect(queryCoverage(db)).toEqual([expect.objectContaining({ days: 5847, gaps: 1 })]);
    write(
      'SPY',
      '1d',
      filterRows(daily, (t) => removed.includes(t)),
    );
    expect(queryCoverage(db)).toEqual([expect.objectContaining({ bars: 5849, days: 5849, gaps: 0 })]);
  });
});

describe('stock coverage days', () => {
  it('expects 390 one-minute bars per session day', () => {
    write('SPY', '1m', spyWeek());
    const days = queryCoverageDays(db, { limitDays: 366 });
    expect(days.map((d) => [d.day, d.bars, d.expected, d.gaps])).toEqual(
      ['2013-10-04', '2013-10-07', '2013-10-08', '2013-10-09', '2013-10-10', '2013-10-11'].map((day) => [
        day,
        390,
        390,
        0,
      ]),
    );
    expect(days.every((d) => d.market === 'stock' && d.interval === '1m')).toBe(true);
  });

  it('expects 42 five-minute bars on the 2024-11-29 half day and 78 on a full day', () => {
    const columns = loadYfinanceCsv(dataPath('yahoo/yfinance-csv/AAPL_5m.csv'));
    write(
      'AAPL',
      '5m',
      filterRows(
        columns,
        (t) => t >= Date.parse('2024-11-27T00:00:00Z') && t < Date.parse('2024-12-03T00:00:00Z'),
      ),
    );
    const days = queryCoverageDays(db, { limitDays: 366 });
    expect(days.map((d) => [d.day, d.bars, d.expected])).toEqual([
      ['2024-11-27', 78, 78],
      ['2024-11-29', 42, 42],
      ['2024-12-02', 78, 78],
    ]);
    expect(queryCoverage(db)).toEqual([expect.objectContaining({ days: 3, gaps: 0 })]);
  });

  it('expects 7 hourly bars on a full day and 4 on a half day (Yahoo publishes 3 there)', () => {
    const columns = loadYfinanceCsv(dataPath('yahoo/yfinance-csv/AAPL_1h.csv'));
    write(
      'AAPL',
      '1h',
      filterRows(
        columns,
        (t) => t >= Date.parse('2024-12-23T00:00:00Z') && t < Date.parse('2024-12-27T00:00:00Z'),
      ),
    );
    expect(queryCoverageDays(db, { limitDays: 366 }).map((d) => [d.day, d.bars, d.expected])).toEqual([
      ['2024-12-23', 7, 7],
      ['2024-12-24', 3, 4],
      ['2024-12-26', 7, 7],
    ]);
  });

  it('expects one daily bar per session day', () => {
    write('SPY', '1d', spyDaily());
    const days = queryCoverageDays(db, { limitDays: 5 });
    expect(days.map((d) => [d.day, d.bars, d.expected])).toEqual([
      ['2021-03-25', 1, 1],
      ['2021-03-26', 1, 1],
      ['2021-03-29', 1, 1],
      ['2021-03-30', 1, 1],
      ['2021-03-31', 1, 1],
    ]);
  });

  it('falls back to the whole-day count on a day without a session', () => {
    // Real SPY pre-market minutes of Friday 2013-10-04 moved a day later, onto Saturday, to stand
    // for bars stored on a day the exchange is closed.
    const files = leanMinuteZips('spy').filter((f) => f.includes('20131004'));
    const friday = filterRows(loadLeanMinuteZips(files), (t) => newYorkMinuteOfDay(t) < 9 * 60 + 30);
    friday.time.forEach((t, i) => (friday.time[i] = t + DAY));
    write('SPY', '1m', friday);
    expect(queryCoverageDays(db, { limitDays: 366 }).map((d) => [d.day, d.expected])).toEqual([
      ['2013-10-05', 1440],
    ]);
  });

  it('keeps crypto days at the 24-hour count', () => {
    const instrumentId = upsertInstrument(
      db,
      { symbol: 'SPY', venue: 'binance', market: 'crypto-spot', base: 'SPY', quote: 'USD' },
      NOW,
    );
    store.writeBars({
      instrumentId,
      interval: '1m',
      source: 'polygon-flat',
      rawFileId: null,
      columns: spyWeek(),
    });
    const days = queryCoverageDays(db, { limitDays: 366 });
    expect(days.map((d) => d.expected)).toEqual([1440, 1440, 1440, 1440, 1440, 1440]);
    // Around the clock, every night is a gap between stored days.
    expect(queryCoverage(db)).toEqual([expect.objectContaining({ gaps: 5 })]);
  });
});
