import fs from 'node:fs';
import { readZipEntries } from '../../../src/core/ingest/archive/zip-reader.js';
import { dataPath } from '../paths.js';

/**
 * One real minute bar from the shared data, prices and volume as decimal TEXT: the flat files the
 * tests serve are written from this text, and the store must hold exactly parseFloat(text).
 */
export interface SourceMinute {
  ticker: string;
  /** New York date of the session. */
  date: string;
  /** Bar open, UTC epoch ms. */
  time: number;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
}

/** UTC ms of 00:00 in New York on a date, from the platform's time-zone data (not the lab's calendar). */
export function newYorkMidnight(date: string): number {
  let midnight = midnights.get(date);
  if (midnight === undefined) midnights.set(date, (midnight = computeNewYorkMidnight(date)));
  return midnight;
}

const midnights = new Map<string, number>();
const offsetFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  timeZoneName: 'longOffset',
});

function computeNewYorkMidnight(date: string): number {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  // 05:00 UTC is around local midnight, before any 02:00 DST switch of that day.
  const probe = new Date(utcMidnight + 5 * 3_600_000);
  const offset = offsetFormat.formatToParts(probe).find((p) => p.type === 'timeZoneName')!.value; // "GMT-05:00"
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(offset)!;
  const offsetMs = (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) * 60_000;
  return utcMidnight - offsetMs;
}

/** A Lean price (an integer of 1/10000 dollars) as exact decimal dollars: 1676500 → "167.65". */
export function leanPriceText(deciCents: string): string {
  const n = BigInt(deciCents);
  const whole = n / 10000n;
  const fraction = (n % 10000n).toString().padStart(4, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}

/** Lean minute trade files the shared data holds, per ticker (YYYYMMDD). */
export const LEAN_DAYS = {
  SPY: ['20131004', '20131007', '20131008', '20131009', '20131010', '20131011', '20230803'],
  AAPL: ['20140605', '20140606', '20140609'],
} as const;

/**
 * QuantConnect Lean minute bars (`ms since New York midnight,open,high,low,close,volume`, no
 * header, prices ×10000), pre- and after-market included.
 */
export function leanMinutes(ticker: keyof typeof LEAN_DAYS, yyyymmdd: string): SourceMinute[] {
  const zip = fs.readFileSync(
    dataPath('lean/equity/usa/minute', ticker.toLowerCase(), `${yyyymmdd}_trade.zip`),
  );
  const date = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
  const midnight = newYorkMidnight(date);
  return readSingleEntry(zip)
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [ms, open, high, low, close, volume] = line.trim().split(',');
      return {
        ticker,
        date,
        time: midnight + Number(ms),
        open: leanPriceText(open),
        high: leanPriceText(high),
        low: leanPriceText(low),
        close: leanPriceText(close),
        volume,
      };
    });
}

export const YAHOO_TICKERS = ['AAPL', 'MSFT', 'TSLA'] as const;

/**
 * yfinance 1m CSVs (`Date,Open,High,Low,Close,Volume,Dividends,Stock Splits`, New York times with
 * their offset), regular session only, 2025-02-03 … 2025-02-11. Prices keep the text as written.
 */
export function yahooMinutes(ticker: (typeof YAHOO_TICKERS)[number]): SourceMinute[] {
  const text = fs.readFileSync(dataPath('yahoo/yfinance-csv', `${ticker}_1m.csv`), 'utf8');
  return text
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [when, open, high, low, close, volume] = line.trim().split(',');
      return {
        ticker,
        date: when.slice(0, 10),
        time: Date.parse(when.replace(' ', 'T')),
        open,
        high,
        low,
        close,
        volume,
      };
    });
}

/** Every real minute bar of the shared data, grouped by New York date (all tickers of that day). */
export function sourceMinutesByDate(): Map<string, SourceMinute[]> {
  const all = [
    ...Object.entries(LEAN_DAYS).flatMap(([ticker, days]) =>
      days.flatMap((day) => leanMinutes(ticker as keyof typeof LEAN_DAYS, day)),
    ),
    ...YAHOO_TICKERS.flatMap((ticker) => yahooMinutes(ticker)),
  ];
  const byDate = new Map<string, SourceMinute[]>();
  for (const minute of all) {
    const list = byDate.get(minute.date) ?? [];
    list.push(minute);
    byDate.set(minute.date, list);
  }
  return byDate;
}

/** The one CSV inside a Lean zip (ZIP64 sizes, which the lab's zip reader handles). */
function readSingleEntry(zip: Buffer): Buffer {
  const entries = readZipEntries(zip);
  if (entries.length !== 1) throw new Error(`a Lean zip holds one CSV, this one ${entries.length} entries`);
  return entries[0]!.data;
}
