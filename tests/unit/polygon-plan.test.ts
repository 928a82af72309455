import { describe, expect, it } from 'vitest';
import type { RemoteFlatFile } from '../../src/core/ingest/polygon/flat-file-bucket.js';
import {
  dateOfFlatFileKey,
  flatFileKey,
  monthPrefixes,
  weekdaysBetween,
} from '../../src/core/ingest/polygon/flat-file-keys.js';
import type { FlatFileRecord } from '../../src/core/ingest/polygon/flat-file-records.js';
import { planFlatFiles } from '../../src/core/ingest/polygon/plan-flat-files.js';

describe('flat-file keys', () => {
  it('lays out day files like the bucket', () => {
    expect(flatFileKey('minute', '2024-01-02')).toBe(
      'us_stocks_sip/minute_aggs_v1/2024/01/2024-01-02.csv.gz',
    );
    expect(flatFileKey('day', '2024-12-31')).toBe('us_stocks_sip/day_aggs_v1/2024/12/2024-12-31.csv.gz');
    expect(dateOfFlatFileKey('us_stocks_sip/day_aggs_v1/2024/12/2024-12-31.csv.gz')).toBe('2024-12-31');
    expect(dateOfFlatFileKey('us_stocks_sip/day_aggs_v1/2024/11/2024-12-31.csv.gz')).toBeNull();
  });

  it('lists the month folders of a range, across a year end', () => {
    expect(monthPrefixes('minute', '2023-11-20', '2024-01-05')).toEqual([
      'us_stocks_sip/minute_aggs_v1/2023/11/',
      'us_stocks_sip/minute_aggs_v1/2023/12/',
      'us_stocks_sip/minute_aggs_v1/2024/01/',
    ]);
  });

  it('plans weekdays only', () => {
    // 2025-02-07 is a Friday, 2025-02-10 a Monday.
    expect(weekdaysBetween('2025-02-07', '2025-02-10')).toEqual(['2025-02-07', '2025-02-10']);
    expect(weekdaysBetween('2025-02-08', '2025-02-09')).toEqual([]);
  });
});

const remote = (date: string, etag = '"a"', size = 100): RemoteFlatFile => ({
  key: flatFileKey('minute', date),
  etag,
  size,
});

function plan(
  dates: string[],
  listing: RemoteFlatFile[],
  records: Partial<FlatFileRecord>[],
  tickers: string[],
  today = '2026-01-15',
  extendedHours = false,
) {
  const byKey = new Map(
    records.map((r) => [r.key!, { etag: '"a"', size: 100, bars: 10, tickers: [], ...r } as FlatFileRecord]),
  );
  return planFlatFiles({
    dataset: 'minute',
    dates,
    listing: new Map(listing.map((f) => [f.key, f])),
    recordOf: (key) => byKey.get(key),
    tickers,
    extendedHours,
    today,
  });
}

describe('planFlatFiles', () => {
  it('reads a new file for every requested ticker', () => {
    const [p] = plan(['2024-01-02'], [remote('2024-01-02')], [], ['AAPL', 'MSFT', 'AAPL']);
    expect(p).toMatchObject({ kind: 'read', why: 'new', tickers: ['AAPL', 'MSFT'], previousBars: 0 });
  });

  it('skips a file with the same ETag whose record took every ticker', () => {
    const key = flatFileKey('minute', '2024-01-02');
    const [p] = plan(
      ['2024-01-02'],
      [remote('2024-01-02')],
      [{ key, tickers: ['AAPL', 'MSFT', 'SPY'] }],
      ['MSFT', 'AAPL'],
    );
    expect(p.kind).toBe('up-to-date');
  });

  it('re-reads only the tickers a record lacks, adding to its bars', () => {
    const key = flatFileKey('minute', '2024-01-02');
    const [p] = plan(
      ['2024-01-02'],
      [remote('2024-01-02')],
      [{ key, tickers: ['AAPL'], bars: 390 }],
      ['AAPL', 'TSLA'],
    );
    expect(p).toMatchObject({
      kind: 'read',
      why: 'new-tickers',
      tickers: ['TSLA'],
      recordTickers: ['AAPL', 'TSLA'],
      previousBars: 390,
    });
  });

  it('re-reads a changed file for the requested and the previously taken tickers', () => {
    const key = flatFileKey('minute', '2024-01-02');
    const [p] = plan(['2024-01-02'], [remote('2024-01-02', '"b"')], [{ key, tickers: ['NVDA'] }], ['AAPL']);
    expect(p).toMatchObject({ kind: 'read', why: 'changed', tickers: ['AAPL', 'NVDA'], previousBars: 0 });
  });

  it('tells holidays, unpublished and missing days apart', () => {
    // 2024-01-15: Martin Luther King Jr. Day. Today 2024-01-18: the 17th is the last weekday before it.
    const dates = ['2024-01-12', '2024-01-15', '2024-01-16', '2024-01-17', '2024-01-18', '2024-01-19'];
    const result = plan(dates, [remote('2024-01-16')], [], ['AAPL'], '2024-01-18');
    expect(
      result.map((p) => (p.kind === 'absent' ? `${p.date} ${p.reason}` : `${p.date} ${p.kind}`)),
    ).toEqual([
      '2024-01-12 missing',
      '2024-01-15 holiday',
      '2024-01-16 read',
      '2024-01-17 not-yet',
      '2024-01-18 not-yet',
      '2024-01-19 not-yet',
    ]);
    expect(result[1]).toMatchObject({ holiday: expect.stringMatching(/Martin Luther King/) });
  });

  it('re-reads a minute file taken for the regular session when extended hours are asked for', () => {
    const key = flatFileKey('minute', '2024-01-02');
    const files = [remote('2024-01-02')];
    const regularRecord = [{ key, tickers: ['AAPL', 'SPY'], bars: 780 }];
    const [upgrade] = plan(['2024-01-02'], files, regularRecord, ['SPY'], '2026-01-15', true);
    expect(upgrade).toMatchObject({
      kind: 'read',
      why: 'new-tickers',
      tickers: ['SPY'],
      recordTickers: ['AAPL', 'SPY+ext'],
      previousBars: 780,
    });
    // Extended hours cover the regular session: a regular run after an extended one reads nothing.
    const extendedRecord = [{ key, tickers: ['SPY+ext'] }];
    expect(plan(['2024-01-02'], files, extendedRecord, ['SPY'])[0].kind).toBe('up-to-date');
    expect(plan(['2024-01-02'], files, extendedRecord, ['SPY'], '2026-01-15', true)[0].kind).toBe(
      'up-to-date',
    );
  });
});
