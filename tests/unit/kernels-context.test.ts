import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  alignPointInTime,
  PointInTimeStream,
  valueKnownAt,
  type TimedSeries,
} from '../../src/core/features/kernels/align-point-in-time.js';
import {
  FUNDING_MAX_AGE_MS,
  fundingRateAtBars,
  FundingRateStream,
} from '../../src/core/features/kernels/funding-features.js';
import {
  openInterestChange,
  OpenInterestChangeStream,
  type OpenInterestChangeParams,
} from '../../src/core/features/kernels/open-interest-features.js';
import { readZipEntries } from '../../src/core/ingest/archive/zip-reader.js';
import { parseFundingRateCsv } from '../../src/core/ingest/binance/vision/futures-csv.js';
import { btcPerpetualProbe } from '../helpers/feature-probes.js';
import { dataPath } from '../helpers/paths.js';

const HOUR = 3_600_000;

/** The real Data Vision fundingRate archive(s) of BTCUSDT (2026-04: 90 rows, ms jitter kept). */
function fundingArchive(): TimedSeries {
  const dir = dataPath('binance/futures/um/monthly/fundingRate/BTCUSDT');
  const rows = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.zip'))
    .sort()
    .flatMap((name) => {
      const [entry] = readZipEntries(fs.readFileSync(path.join(dir, name)));
      return parseFundingRateCsv(entry.data.toString('utf8'), name);
    });
  return { time: Float64Array.from(rows, (r) => r.time), value: Float64Array.from(rows, (r) => r.rate) };
}

/** BTCUSDT perpetual 1h bars (REST, 2025-09..2026-03) with their real funding (2026-01..03) and 4h OI. */
const perpetual = btcPerpetualProbe().input;
const bars = perpetual.bars;
const funding = perpetual.context.fundingRates();
const fundingTimed: TimedSeries = { time: funding.time, value: funding.rate };
const oi = perpetual.context.openInterest('4h');
const oiTimed: TimedSeries = { time: oi.time, value: oi.openInterest };

/** Plain reference: scan every record for each bar (last non-NaN at or before the close, not too old). */
function referenceAlign(barTimes: Float64Array, series: TimedSeries, intervalMs: number, maxAgeMs: number) {
  return Float64Array.from(barTimes, (t) => {
    const close = t + intervalMs;
    let best = -1;
    for (let k = 0; k < series.time.length; k++) {
      if (series.time[k] <= close && !Number.isNaN(series.value[k])) best = k;
    }
    return best >= 0 && close - series.time[best] <= maxAgeMs ? series.value[best] : Number.NaN;
  });
}

function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

describe('point-in-time alignment on the real funding archive', () => {
  const archive = fundingArchive();

  test('the archive is the real one: 90 rows of 2026-04, some stamped a few ms after the hour', () => {
    expect(archive.time.length).toBe(90);
    expect(archive.time[0]).toBe(Date.UTC(2026, 3, 1));
    expect(Array.from(archive.time).some((t) => t % HOUR !== 0)).toBe(true);
  });

  test('a record stamped exactly at a bar close is known to that bar; one 1 ms after the close is not', () => {
    for (const interval of [HOUR, 60_000, 8 * HOUR]) {
      for (let k = 0; k < archive.time.length; k++) {
        const previous = k > 0 ? archive.value[k - 1] : Number.NaN;
        const closingAt = Float64Array.of(archive.time[k] - interval); // closes exactly at the record
        const closingBefore = Float64Array.of(archive.time[k] - interval - 1); // record 1 ms after close
        const params = { intervalMs: interval, maxAgeMs: Infinity };
        expect(alignPointInTime(closingAt, archive, params)[0]).toBe(archive.value[k]);
        expect(Object.is(alignPointInTime(closingBefore, archive, params)[0], previous)).toBe(true);
        expect(valueKnownAt(archive, archive.time[k], Infinity)).toBe(archive.value[k]);
        expect(Object.is(valueKnownAt(archive, archive.time[k] - 1, Infinity), previous)).toBe(true);
      }
    }
  });

  test('on the hourly grid, a record stamped 08:00:00.003 reaches the bar closing 09:00, not 08:00', () => {
    const late = Array.from(archive.time).findIndex((t) => t % HOUR !== 0);
    const boundary = archive.time[late] - (archive.time[late] % HOUR);
    const barTimes = Float64Array.of(boundary - 2 * HOUR, boundary - HOUR, boundary);
    const values = fundingRateAtBars(barTimes, { time: archive.time, rate: archive.value }, HOUR);
    expect(values[1]).toBe(archive.value[late - 1]); // closes on the hour, 3 ms before the record
    expect(values[2]).toBe(archive.value[late]);
    expect(archive.value[late]).not.toBe(archive.value[late - 1]);
  });
});

describe('funding rate on real BTCUSDT perpetual 1h bars', () => {
  test('equals the plain reference (24 h limit and none), with rates found', () => {
    for (const maxAge of [FUNDING_MAX_AGE_MS, Infinity]) {
      const ours = fundingRateAtBars(bars.time, funding, HOUR, maxAge);
      expect(firstDifference(ours, referenceAlign(bars.time, fundingTimed, HOUR, maxAge))).toBe(-1);
      expect(ours.filter((v) => !Number.isNaN(v)).length).toBeGreaterThan(1000);
    }
  });

  test('bars before the first funding record are NaN; the 24 h limit blanks bars after the last one', () => {
    const values = fundingRateAtBars(bars.time, funding, HOUR);
    const firstKnown = values.findIndex((v) => !Number.isNaN(v));
    expect(bars.time[firstKnown] + HOUR).toBeGreaterThanOrEqual(funding.time[0]);
    expect(bars.time[firstKnown - 1] + HOUR).toBeLessThan(funding.time[0]);
    const unlimited = fundingRateAtBars(bars.time, funding, HOUR, Infinity);
    for (let i = 0; i < bars.time.length; i++) {
      if (bars.time[i] + HOUR - funding.time[funding.time.length - 1] > FUNDING_MAX_AGE_MS) break;
      expect(Object.is(values[i], unlimited[i]), `bar ${i}`).toBe(true);
    }
  });

  test('jittered records (REST stamps ms late) reach the bar after the one closing on the hour', () => {
    const values = fundingRateAtBars(bars.time, funding, HOUR, Infinity);
    let checked = 0;
    for (let k = 1; k < funding.time.length; k++) {
      const jitter = funding.time[k] % HOUR;
      if (jitter === 0) continue;
      const onTheHour = bars.time.indexOf(funding.time[k] - jitter - HOUR); // closes on the hour
      if (onTheHour < 0 || onTheHour + 1 >= bars.time.length) continue;
      expect(values[onTheHour]).toBe(funding.rate[k - 1]);
      expect(values[onTheHour + 1]).toBe(funding.rate[k]);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });

  test('values up to t are identical when bars and funding are cut at t’s close', () => {
    const full = fundingRateAtBars(bars.time, funding, HOUR);
    for (const t of [0, 2900, 2950, 3000, 3500, 4000, bars.time.length - 2]) {
      const close = bars.time[t] + HOUR;
      const kept = funding.time.findIndex((x) => x > close);
      const n = kept < 0 ? funding.time.length : kept;
      const cut = fundingRateAtBars(
        bars.time.subarray(0, t + 1),
        { time: funding.time.subarray(0, n), rate: funding.rate.subarray(0, n) },
        HOUR,
      );
      expect(firstDifference(cut, full.subarray(0, t + 1)), `cut at ${t}`).toBe(-1);
    }
  });

  test('the stream equals the batch bit for bit, also after a snapshot and restore', () => {
    const batch = fundingRateAtBars(bars.time, funding, HOUR);
    let stream = new FundingRateStream(HOUR);
    for (let i = 0; i < bars.time.length; i++) {
      if (i === 3100) stream = FundingRateStream.restore(HOUR, FUNDING_MAX_AGE_MS, stream.snapshot());
      const v = stream.update(bars.time[i], funding);
      if (!Object.is(v, batch[i])) expect.fail(`bar ${i}: stream ${v}, batch ${batch[i]}`);
    }
  });

  test('refuses unordered records, decreasing bar times and a bad interval, naming the problem', () => {
    const swapped = { time: Float64Array.of(2, 1), value: Float64Array.of(0, 0) };
    expect(() => alignPointInTime(bars.time, swapped, { intervalMs: HOUR, maxAgeMs: 1 })).toThrow(
      /non-decreasing \(record 1: 1 after 2\)/,
    );
    expect(() => new PointInTimeStream({ intervalMs: HOUR, maxAgeMs: 1 }).update(0, swapped)).toThrow(
      /non-decreasing/,
    );
    const backwards = Float64Array.of(bars.time[1], bars.time[0]);
    expect(() => fundingRateAtBars(backwards, funding, HOUR)).toThrow(/bar times must increase \(bar 1/);
    expect(() => fundingRateAtBars(bars.time, funding, 0)).toThrow(/intervalMs must be a positive/);
    expect(() => PointInTimeStream.restore({ intervalMs: HOUR, maxAgeMs: 1 }, Float64Array.of(1))).toThrow(
      /state has 1 numbers/,
    );
  });
});

describe('open-interest change on real BTCUSDT perpetual 1h bars and 4h open interest', () => {
  const params: OpenInterestChangeParams = { bars: 24, intervalMs: HOUR, maxAgeMs: 4 * HOUR };

  test('equals a two-pass reference (align, then percent change over 24 bars), with values found', () => {
    const known = referenceAlign(bars.time, oiTimed, HOUR, params.maxAgeMs);
    const reference = Float64Array.from(known, (x, i) =>
      i >= 24 && known[i - 24] > 0 ? (x / known[i - 24] - 1) * 100 : Number.NaN,
    );
    const ours = openInterestChange(bars.time, oiTimed, params);
    expect(firstDifference(ours, reference)).toBe(-1);
    const found = ours.filter((v) => !Number.isNaN(v));
    expect(found.length).toBeGreaterThan(500);
    expect(found.some((v) => v !== 0)).toBe(true);
  });

  test('a record with an empty value is skipped: the previous one stays the last known', () => {
    const value = oiTimed.value.slice();
    value[10] = Number.NaN;
    const blanked = { time: oiTimed.time, value };
    const close = oiTimed.time[10];
    expect(valueKnownAt(blanked, close, Infinity)).toBe(oiTimed.value[9]);
    const barTimes = Float64Array.of(close - HOUR);
    expect(alignPointInTime(barTimes, blanked, { intervalMs: HOUR, maxAgeMs: Infinity })[0]).toBe(
      oiTimed.value[9],
    );
    // …unless it is older than the limit.
    expect(alignPointInTime(barTimes, blanked, { intervalMs: HOUR, maxAgeMs: 3 * HOUR })[0]).toBeNaN();
  });

  test('the stream equals the batch bit for bit, restored mid-series and during warm-up', () => {
    const batch = openInterestChange(bars.time, oiTimed, params);
    for (const restoreAt of [5, 24, 3777]) {
      let stream = new OpenInterestChangeStream(params);
      for (let i = 0; i < bars.time.length; i++) {
        if (i === restoreAt) stream = OpenInterestChangeStream.restore(params, stream.snapshot().slice());
        const v = stream.update(bars.time[i], oiTimed);
        if (!Object.is(v, batch[i])) expect.fail(`restore at ${restoreAt}, bar ${i}: ${v} vs ${batch[i]}`);
      }
    }
    expect(() => OpenInterestChangeStream.restore(params, new Float64Array(3))).toThrow(
      /state has 3 numbers/,
    );
  });

  test('values up to t are identical when bars and open interest are cut at t’s close', () => {
    const full = openInterestChange(bars.time, oiTimed, params);
    for (const t of [30, 3800, 4000, 4200, bars.time.length - 2]) {
      const close = bars.time[t] + HOUR;
      const kept = oiTimed.time.findIndex((x) => x > close);
      const n = kept < 0 ? oiTimed.time.length : kept;
      const cutSeries = { time: oiTimed.time.subarray(0, n), value: oiTimed.value.subarray(0, n) };
      const cut = openInterestChange(bars.time.subarray(0, t + 1), cutSeries, params);
      expect(firstDifference(cut, full.subarray(0, t + 1)), `cut at ${t}`).toBe(-1);
    }
  });
});
