import fs from 'node:fs';
import path from 'node:path';
import { readZipEntries } from '../../src/core/ingest/archive/zip-reader.js';
import { allocateColumns, type BarColumns } from '../../src/core/store/bar-columns.js';
import { concatColumns } from './quality-fixtures.js';
import { dataPath } from './paths.js';

/**
 * Real US stock bars from ../shared/data as BarColumns, for the session-aware quality and coverage
 * tests. New York times are converted with the platform's time-zone database (Intl), not with the
 * product's calendar, so the tests check the calendar against an independent clock.
 */

const nyParts = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** New York's UTC offset in ms at a UTC time, per the time-zone database. */
function tzOffsetMs(t: number): number {
  const p = Object.fromEntries(nyParts.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute) - Math.floor(t / 60_000) * 60_000;
}

/** UTC ms of New York midnight on a YYYYMMDD date (no DST change falls at midnight). */
export function newYorkMidnightUtc(yyyymmdd: string): number {
  const wall = Date.UTC(+yyyymmdd.slice(0, 4), +yyyymmdd.slice(4, 6) - 1, +yyyymmdd.slice(6, 8));
  // Noon UTC is 07:00 or 08:00 in New York, on the offset the whole session day has.
  return wall - tzOffsetMs(wall + 12 * 3_600_000);
}

/** Lean minute trade zips of a ticker (e.g. 'spy'), sorted by date. */
export function leanMinuteZips(ticker: string): string[] {
  const dir = dataPath('lean/equity/usa/minute', ticker);
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('_trade.zip'))
    .sort()
    .map((name) => path.join(dir, name));
}

/**
 * Lean minute bars: no header, `ms since New York midnight,open,high,low,close,volume`, prices in
 * 1/10000 dollars. Includes the pre-market and after-hours bars the files hold.
 */
export function loadLeanMinuteZips(files: string[]): BarColumns {
  return concatColumns(
    files.map((file) => {
      const midnight = newYorkMidnightUtc(path.basename(file).slice(0, 8));
      const lines = readSingleEntryZip(file)
        .toString('utf8')
        .split(/\r?\n/)
        .filter((line) => /^\d/.test(line));
      const out = allocateColumns(lines.length, false);
      lines.forEach((line, i) => {
        const [ms, open, high, low, close, volume] = line.split(',').map(Number);
        out.time[i] = midnight + ms;
        out.open[i] = open / 10_000;
        out.high[i] = high / 10_000;
        out.low[i] = low / 10_000;
        out.close[i] = close / 10_000;
        out.volume[i] = volume;
      });
      return out;
    }),
  );
}

/**
 * A yfinance CSV (`Date,Open,High,Low,Close,Volume,Dividends,Stock Splits`, dates as New York time
 * with their offset, e.g. `2025-02-03 09:30:00-05:00`).
 */
export function loadYfinanceCsv(file: string): BarColumns {
  const lines = fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((line) => /^\d/.test(line));
  const out = allocateColumns(lines.length, false);
  lines.forEach((line, i) => {
    const [date, open, high, low, close, volume] = line.split(',');
    const time = Date.parse(date.replace(' ', 'T'));
    if (!Number.isFinite(time)) throw new Error(`${file}: line ${i + 2} has no readable date: ${date}`);
    out.time[i] = time;
    out.open[i] = Number(open);
    out.high[i] = Number(high);
    out.low[i] = Number(low);
    out.close[i] = Number(close);
    out.volume[i] = Number(volume);
  });
  return out;
}

/** Minutes since New York midnight of a UTC time, per the time-zone database. */
export function newYorkMinuteOfDay(t: number): number {
  const local = t + tzOffsetMs(t);
  return Math.floor((local % 86_400_000) / 60_000);
}

/** The one file inside a Lean zip (Lean writes ZIP64 sizes; the lab's zip reader handles them). */
export function readSingleEntryZip(file: string): Buffer {
  const entries = readZipEntries(fs.readFileSync(file));
  if (entries.length !== 1) throw new Error(`${file}: expected one entry, found ${entries.length}`);
  return entries[0]!.data;
}

const dailyMemo = new Map<string, BarColumns>();

/**
 * Lean daily bars of a ticker (`YYYYMMDD 00:00,open,high,low,close,volume`, prices in 1/10000
 * dollars), stamped 00:00 UTC of their New York date as the lab stores daily stock bars.
 */
export function loadLeanDaily(ticker: string): BarColumns {
  let bars = dailyMemo.get(ticker);
  if (!bars) {
    const lines = readSingleEntryZip(dataPath('lean/equity/usa/daily', `${ticker.toLowerCase()}.zip`))
      .toString('utf8')
      .split(/\r?\n/)
      .filter((line) => /^\d{8} /.test(line));
    bars = allocateColumns(lines.length, false);
    for (let i = 0; i < lines.length; i++) {
      const [date, open, high, low, close, volume] = lines[i]!.split(',');
      bars.time[i] = Date.UTC(+date!.slice(0, 4), +date!.slice(4, 6) - 1, +date!.slice(6, 8));
      bars.open[i] = +open! / 10_000;
      bars.high[i] = +high! / 10_000;
      bars.low[i] = +low! / 10_000;
      bars.close[i] = +close! / 10_000;
      bars.volume[i] = +volume!;
    }
    dailyMemo.set(ticker, bars);
  }
  return bars;
}
