import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { cachedStatement } from '../../store/statement-cache.js';
import { readFundingRates, readFuturesMetrics } from '../../store/futures-data.js';
import { readTickerSentiments } from '../../store/news-repo.js';
import { intervalMs, utcDay } from '../../time/intervals.js';
import type { FeatureInputKind } from '../registry/feature-definition.js';

/** One stored bar day of an instrument and interval, with the chain hash of it and every earlier day. */
export interface ChainedDay {
  day: number;
  barCount: number;
  firstTime: number;
  lastTime: number;
  /**
   * hash(previous day's chain hash, this day's fingerprint): equal only when this day and every
   * earlier one are unchanged, as an EMA-like feature's value depends on the whole past.
   */
  chainHash: string;
}

const BAR_BLOBS = [
  'time',
  'open',
  'high',
  'low',
  'close',
  'volume',
  'quote_volume',
  'trades',
  'taker_buy_base',
  'taker_buy_quote',
] as const;

/**
 * The stored days of an instrument's bars with their chain hashes. A day's fingerprint is its bar
 * count, first and last time and a hash of its column blobs (the blobs are the float64 values, so
 * equal bars give equal bytes). Where the features read more than bars, the funding, open
 * interest or news rows are folded in too, each on the first stored day with a bar that can see it:
 * a bar sees a record stamped by its close (open + interval), so a record at T counts on the day
 * of T − interval (a funding rate stamped at 00:00 is seen by the 23:00 hourly bar of the day
 * before), or on the next stored day when that day has no bars. New records thus invalidate
 * exactly the days whose values they can move, and every day after.
 */
export function chainedBarDays(
  db: Database,
  instrument: { id: number; symbol: string },
  interval: string,
  inputs: ReadonlySet<FeatureInputKind>,
): ChainedDay[] {
  const rows = cachedStatement(
    db,
    `SELECT day, bar_count, first_time, last_time, ${BAR_BLOBS.join(', ')} FROM bar_chunks
     WHERE instrument_id = ? AND interval = ? ORDER BY day`,
  )
    .raw()
    .iterate(instrument.id, interval) as IterableIterator<unknown[]>;
  const days: { day: number; barCount: number; firstTime: number; lastTime: number; fingerprint: string }[] =
    [];
  for (const row of rows) {
    const [day, barCount, firstTime, lastTime, ...blobs] = row as [
      number,
      number,
      number,
      number,
      ...(Buffer | null)[],
    ];
    const hash = createHash('sha1').update(`${barCount}|${firstTime}|${lastTime}`);
    for (const blob of blobs) {
      if (blob) hash.update(blob);
      hash.update('|');
    }
    days.push({ day, barCount, firstTime, lastTime, fingerprint: hash.digest('hex') });
  }
  const context = contextFingerprints(
    db,
    instrument,
    inputs,
    days.map((d) => d.day),
    intervalMs(interval),
  );
  let chain = '';
  return days.map((d, i) => {
    chain = createHash('sha1')
      .update(`${chain}|${d.fingerprint}|${context[i] ?? ''}`)
      .digest('hex');
    return {
      day: d.day,
      barCount: d.barCount,
      firstTime: d.firstTime,
      lastTime: d.lastTime,
      chainHash: chain,
    };
  });
}

/** Per stored day (by index), a hash of the context rows that belong to it; '' where none. */
function contextFingerprints(
  db: Database,
  instrument: { id: number; symbol: string },
  inputs: ReadonlySet<FeatureInputKind>,
  days: number[],
  barMs: number,
): string[] {
  const parts: string[][] = days.map(() => []);
  const add = (label: string, time: Float64Array | number[], values: (k: number) => string) => {
    // Both lists are sorted: one pass assigns each row to the first stored day that can see it.
    let d = 0;
    const perDay = new Map<number, ReturnType<typeof createHash>>();
    for (let k = 0; k < time.length; k++) {
      const rowDay = utcDay(time[k] - barMs);
      while (d < days.length && days[d] < rowDay) d++;
      if (d === days.length) break;
      let hash = perDay.get(d);
      if (!hash) perDay.set(d, (hash = createHash('sha1')));
      hash.update(`${time[k]}:${values(k)};`);
    }
    for (const [index, hash] of perDay) parts[index].push(`${label}=${hash.digest('hex')}`);
  };
  if (inputs.has('funding')) {
    const rows = readFundingRates(db, instrument.id);
    add(
      'funding',
      rows.map((r) => r.time),
      (k) => String(rows[k].rate),
    );
  }
  if (inputs.has('openInterest')) {
    const rows = readFuturesMetrics(db, instrument.id, '5m');
    add(
      'oi',
      rows.map((r) => r.time),
      (k) => `${rows[k].openInterest}/${rows[k].openInterestValue}`,
    );
  }
  if (inputs.has('news')) {
    const { publishedAt, sentiment } = readTickerSentiments(db, instrument.symbol, -8.64e15, 8.64e15);
    add('news', publishedAt, (k) => String(sentiment[k]));
  }
  return parts.map((p) => p.join('|'));
}
