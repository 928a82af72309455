import type { PolygonDataset } from '../../../shared/contract/index.js';
import { holidayName } from '../../calendar/nyse-calendar.js';
import type { RemoteFlatFile } from './flat-file-bucket.js';
import type { FlatFileRecord } from './flat-file-records.js';
import { flatFileKey } from './flat-file-keys.js';

/** Why a planned weekday has no file. */
export type AbsentReason =
  /** An exchange holiday: no session, no file. */
  | 'holiday'
  /** Today, later, or the last weekday before today: files appear the day after a session. */
  | 'not-yet'
  /** A past session day the bucket has no file for. */
  | 'missing';

export type PlannedFlatFile =
  | {
      kind: 'absent';
      dataset: PolygonDataset;
      date: string;
      key: string;
      reason: AbsentReason;
      holiday: string | null;
    }
  | { kind: 'up-to-date'; dataset: PolygonDataset; date: string; key: string }
  | {
      kind: 'read';
      dataset: PolygonDataset;
      date: string;
      key: string;
      remote: RemoteFlatFile;
      /** Tickers to take from the file this time. */
      tickers: string[];
      /** The record's entries once this read is stored (see `recordEntry`). */
      recordTickers: string[];
      /** Bars already stored from this version of the file (a read for new tickers adds to them). */
      previousBars: number;
      why: 'new' | 'changed' | 'new-tickers';
    };

export interface PlanInput {
  dataset: PolygonDataset;
  /** Weekdays of the range. */
  dates: string[];
  /** The bucket's objects under the range's month prefixes, by key. */
  listing: ReadonlyMap<string, RemoteFlatFile>;
  recordOf: (key: string) => FlatFileRecord | undefined;
  tickers: readonly string[];
  /** Minute files: whether this run keeps pre- and after-market bars. */
  extendedHours: boolean;
  /** Today's New York date. */
  today: string;
}

/** Marks a record entry whose ticker was taken with its pre- and after-market minutes. */
const EXTENDED = '+ext';

/**
 * How a record lists a ticker taken from a file: `AAPL` (regular session) or `AAPL+ext` (minute
 * file read with extended hours; "+" never occurs in a ticker). A later run that asks for extended
 * hours must re-read a file whose record only has the regular session, and one that asks for the
 * regular session is served by either.
 */
export function recordEntry(ticker: string, dataset: PolygonDataset, extendedHours: boolean): string {
  return dataset === 'minute' && extendedHours ? `${ticker}${EXTENDED}` : ticker;
}

function entryTicker(entry: string): string {
  return entry.endsWith(EXTENDED) ? entry.slice(0, -EXTENDED.length) : entry;
}

/**
 * What to do with each weekday's file: absent (with why), up to date (same ETag and every requested
 * ticker taken before), or read — for every requested ticker when new, for the requested and
 * previously taken tickers when the ETag changed (the old bars may be corrected), or only for the
 * tickers a previous read did not look for.
 */
export function planFlatFiles(input: PlanInput): PlannedFlatFile[] {
  const recentCutoff = previousWeekday(input.today);
  return input.dates.map((date): PlannedFlatFile => {
    const { dataset } = input;
    const key = flatFileKey(dataset, date);
    const remote = input.listing.get(key);
    if (!remote) {
      const holiday = holidayName(date);
      const reason: AbsentReason = holiday ? 'holiday' : date >= recentCutoff ? 'not-yet' : 'missing';
      return { kind: 'absent', dataset, date, key, reason, holiday };
    }
    const record = input.recordOf(key);
    const requested = [...new Set(input.tickers)];
    const entry = (ticker: string) => recordEntry(ticker, dataset, input.extendedHours);
    const read = { kind: 'read' as const, dataset, date, key, remote };
    if (!record) {
      return {
        ...read,
        tickers: requested,
        recordTickers: requested.map(entry),
        previousBars: 0,
        why: 'new',
      };
    }
    if (record.etag !== remote.etag || record.size !== remote.size) {
      const all = [...new Set([...requested, ...record.tickers.map(entryTicker)])];
      return { ...read, tickers: all, recordTickers: all.map(entry), previousBars: 0, why: 'changed' };
    }
    const taken = new Set(record.tickers);
    // An entry taken with extended hours also covers a regular-session request.
    const missing = requested.filter((t) => !taken.has(entry(t)) && !taken.has(`${t}${EXTENDED}`));
    if (missing.length === 0) return { kind: 'up-to-date', dataset, date, key };
    const rereading = new Set(missing);
    return {
      ...read,
      tickers: missing,
      recordTickers: [...record.tickers.filter((e) => !rereading.has(entryTicker(e))), ...missing.map(entry)],
      previousBars: record.bars,
      why: 'new-tickers',
    };
  });
}

/** The weekday before a date (Friday for a Monday). */
function previousWeekday(date: string): string {
  let t = Date.parse(`${date}T00:00:00Z`);
  do t -= 86_400_000;
  while ([0, 6].includes(new Date(t).getUTCDay()));
  return new Date(t).toISOString().slice(0, 10);
}
