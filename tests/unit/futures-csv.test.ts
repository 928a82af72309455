import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readZipEntries } from '../../src/core/ingest/archive/zip-reader.js';
import { FileRejected } from '../../src/core/ingest/binance/file-rejected.js';
import { parseFundingRateCsv, parseMetricsCsv } from '../../src/core/ingest/binance/vision/futures-csv.js';
import { dataPath } from '../helpers/paths.js';

const fundingZip = dataPath('binance/futures/um/monthly/fundingRate/BTCUSDT/BTCUSDT-fundingRate-2026-04.zip');
const fundingText = () => Buffer.from(readZipEntries(fs.readFileSync(fundingZip))[0].data).toString('utf8');

describe('parseFundingRateCsv on the real 2026-04 BTCUSDT archive', () => {
  it('reads all 90 rows with exact times (jitter kept), intervals and rates', () => {
    const rows = parseFundingRateCsv(fundingText(), 'BTCUSDT-fundingRate-2026-04.csv');
    expect(rows).toHaveLength(90);
    expect(rows[0]).toEqual({ time: 1775001600000, rate: -0.00003449, intervalHours: 8 });
    expect(rows[3]).toEqual({ time: 1775088000003, rate: 0.00003521, intervalHours: 8 });
    const lines = fundingText().trim().split('\n');
    const last = lines.at(-1)!.split(',');
    expect(rows.at(-1)).toEqual({ time: Number(last[0]), rate: Number(last[2]), intervalHours: Number(last[1]) });
    expect(new Date(rows[0].time).toISOString()).toBe('2026-04-01T00:00:00.000Z');
  });

  it('rejects a bad value with its line', () => {
    const text = fundingText().replace('-0.00000461', 'abc');
    expect(() => parseFundingRateCsv(text, 'f.csv')).toThrow(FileRejected);
    try {
      parseFundingRateCsv(text, 'f.csv');
    } catch (err) {
      expect((err as FileRejected).line).toBe(3);
      expect((err as Error).message).toMatch(/f\.csv line 3: last_funding_rate "abc" is not a number/);
    }
  });

  it('rejects rows out of order', () => {
    const lines = fundingText().trim().split('\n');
    [lines[1], lines[2]] = [lines[2], lines[1]];
    expect(() => parseFundingRateCsv(lines.join('\n'), 'f.csv')).toThrow(/line 3: time .* does not come after/);
  });
});

describe('parseMetricsCsv', () => {
  // Values from the real REST-derived open interest file, laid out as Data Vision's metrics archive.
  const oi = fs.readFileSync(dataPath('binance/futures/um/rest-derived/oi_4h/BTCUSDT.csv'), 'utf8').trim().split('\n').slice(1, 4);
  const header = 'create_time,symbol,sum_open_interest,sum_open_interest_value,count_toptrader_long_short_ratio,sum_toptrader_long_short_ratio,count_long_short_ratio,sum_taker_long_short_vol_ratio';
  const asMetrics = oi.map((line) => {
    const [ts, symbol, sum, value] = line.split(',');
    return `${new Date(Number(ts)).toISOString().slice(0, 19).replace('T', ' ')},${symbol},${sum},${value},,,,`;
  });

  it('reads times as UTC, open interest values, and empty ratio cells as null', () => {
    const rows = parseMetricsCsv([header, ...asMetrics].join('\n'), 'm.csv', 'BTCUSDT');
    expect(rows).toHaveLength(3);
    const [ts, , sum, value] = oi[0].split(',');
    expect(rows[0]).toEqual({
      time: Number(ts),
      openInterest: Number(sum),
      openInterestValue: Number(value),
      topTraderAccountRatio: null,
      topTraderPositionRatio: null,
      longShortAccountRatio: null,
      takerBuySellRatio: null,
    });
  });

  it('refuses another symbol, a bad time and a missing header', () => {
    expect(() => parseMetricsCsv([header, ...asMetrics].join('\n'), 'm.csv', 'ETHUSDT')).toThrow(/line 2: symbol "BTCUSDT" but the file is for ETHUSDT/);
    expect(() => parseMetricsCsv([header, asMetrics[0].replace(' ', 'T')].join('\n'), 'm.csv', 'BTCUSDT')).toThrow(/line 2: create_time/);
    expect(() => parseMetricsCsv(asMetrics.join('\n'), 'm.csv', 'BTCUSDT')).toThrow(/expected a header/);
  });
});
