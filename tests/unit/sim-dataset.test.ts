import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionOnDay } from '../../src/core/calendar/nyse-calendar.js';
import { newYorkDay } from '../../src/core/calendar/new-york-time.js';
import { fitNormalization } from '../../src/core/features/normalization/normalization-stats.js';
import { JobCancelled, JobFailure } from '../../src/core/jobs/job-context.js';
import { loadTrainingSeries, type SeriesSplit } from '../../src/core/sim/dataset.js';
import { segmentsAndReturns } from '../../src/core/sim/series-rules.js';
import { OBS_SIZE } from '../../src/core/sim/training-series.js';
import { sliceColumns, type BarColumns } from '../../src/core/store/bar-columns.js';
import { BarStore } from '../../src/core/store/bar-store.js';
import { upsertInstrument } from '../../src/core/store/instruments.js';
import { openDatabase } from '../../src/core/store/open-database.js';
import { tempDir } from '../helpers/paths.js';
import { loadBinanceSeries } from '../helpers/real-series.js';
import { loadYfinanceCsv, newYorkMinuteOfDay } from '../helpers/stock-bars.js';
import { dataPath } from '../helpers/paths.js';
import { openSimFixture, SPLIT, storeLeanMinutes, type SimFixture } from '../helpers/sim-fixtures.js';

const HOUR = 3_600_000;
const btcRaw = () => loadBinanceSeries('BTCUSDT', '1h', { months: /2021-/ });
const aaplRaw = () => loadYfinanceCsv(dataPath('yahoo', 'yfinance-csv', 'AAPL_1h.csv'));

let fixture: SimFixture;
let btc: SeriesSplit;
let aapl: SeriesSplit;

beforeAll(async () => {
  fixture = openSimFixture(['BTCUSDT', 'AAPL']);
  btc = await fixture.load('BTCUSDT');
  aapl = await fixture.load('AAPL');
}, 60_000);

afterAll(() => fixture?.close());

/** A fresh store holding `bars` as one series; returns a loader for it. */
function storeSeries(symbol: string, market: 'stock' | 'crypto-spot', bars: BarColumns) {
  const db = openDatabase(tempDir('tradelab-sim-ds-'));
  const instrumentId = upsertInstrument(
    db,
    { symbol, venue: market === 'stock' ? 'us' : 'binance', market },
    0,
  );
  db.transaction(() =>
    new BarStore(db).writeBars({
      instrumentId,
      interval: '1h',
      source: 'test',
      rawFileId: null,
      columns: bars,
    }),
  )();
  return {
    db,
    load: (options: Partial<Parameters<typeof loadTrainingSeries>[2]> = {}) =>
      loadTrainingSeries(db, { instrumentId, symbol, market, interval: '1h' }, { ...SPLIT, ...options }),
  };
}

describe('loadTrainingSeries splits', () => {
  it('lays out train | purge | validation | purge | test by bar index after the warm-up', () => {
    for (const split of [btc, aapl]) {
      const n = split.series.time.length;
      const { train, validation, test, lineage } = split;
      expect(train.start).toBe(0);
      expect(validation.start - train.end).toBe(SPLIT.purgeBars);
      expect(test.start - validation.end).toBe(SPLIT.purgeBars);
      expect(test.end).toBe(n);
      expect(test.end - test.start).toBe(Math.round(n * SPLIT.holdoutFraction));
      expect(validation.end - validation.start).toBe(Math.round(n * SPLIT.validationFraction));
      expect(lineage).toMatchObject({
        trainFrom: split.series.time[0],
        trainTo: split.series.time[train.end],
        testFrom: split.series.time[test.start],
        testTo: split.series.time[n - 1] + HOUR,
        trainBars: train.end,
        testBars: test.end - test.start,
        purgeBars: SPLIT.purgeBars,
      });
      // 49 bars before sma_50 / ema_50 have values: the series starts at the 50th stored bar.
      expect(split.warmupBars).toBe(49);
      expect(split.series.obs.filter((v) => !Number.isFinite(v)).length).toBe(0);
      expect(split.series.obs.length).toBe(n * OBS_SIZE);
    }
    expect(btc.series.time[0]).toBe(btcRaw().time[49]);
    expect(btc.series.chunkChecksums.length).toBeGreaterThan(300);
    expect(btc.series.chunkChecksums.every((h) => /^[0-9a-f]{40}$/.test(h))).toBe(true);
  });

  it('fits normalisation and σ on the train window only', () => {
    for (const [split, raw] of [
      [btc, btcRaw()],
      [aapl, aaplRaw()],
    ] as const) {
      const expected = fitNormalization(raw, split.lineage.trainFrom, split.lineage.trainTo);
      expect(split.normalization).toEqual(expected);
      expect(split.series.sigma).toBe(expected.stdLogReturn);
      // The whole series would give another σ: the test window is not in it.
      const whole = fitNormalization(raw, split.series.time[0], split.lineage.testTo);
      expect(whole.stdLogReturn).not.toBe(expected.stdLogReturn);
    }
  });

  it('fails with a JobFailure naming the series when it has too few bars, or none in the range', async () => {
    const small = storeSeries('BTCUSDT', 'crypto-spot', sliceColumns(btcRaw(), 0, 200));
    await expect(small.load()).rejects.toThrow(JobFailure);
    await expect(small.load()).rejects.toThrow(/BTCUSDT 1h \(crypto-spot\): too few bars/);
    await expect(small.load({ from: Date.UTC(2019, 0, 1), to: Date.UTC(2019, 1, 1) })).rejects.toThrow(
      /BTCUSDT 1h \(crypto-spot\): no stored bars in 2019-01-01/,
    );
    small.db.close();
  });

  it('reports progress by day and stops with JobCancelled when cancelled', async () => {
    const progress: [number, number][] = [];
    const fresh = storeSeries('BTCUSDT', 'crypto-spot', sliceColumns(btcRaw(), 0, 2000));
    await fresh.load({ onProgress: (done, total) => void progress.push([done, total]) });
    expect(progress.length).toBeGreaterThan(50);
    expect(progress.at(-1)![0]).toBe(progress.at(-1)![1]);
    let calls = 0;
    const cancelled = storeSeries('BTCUSDT', 'crypto-spot', sliceColumns(btcRaw(), 0, 2000));
    await expect(cancelled.load({ isCancelled: () => ++calls > 5 })).rejects.toThrow(JobCancelled);
    fresh.db.close();
    cancelled.db.close();
  });
});

describe('loadTrainingSeries observations', () => {
  it('builds the observation at t from bars closed by t: rows up to t are identical when the bars after t are removed', async () => {
    for (const [split, raw, market] of [
      [btc, btcRaw(), 'crypto-spot'],
      [aapl, aaplRaw(), 'stock'],
    ] as const) {
      // Cut mid-day, well inside the validation window.
      const cut = split.warmupBars + split.validation.start + 7;
      const truncated = storeSeries(split.series.symbol, market, sliceColumns(raw, 0, cut));
      const short = await truncated.load({ normalization: split.normalization });
      truncated.db.close();
      const rows = cut - split.warmupBars;
      expect(short.series.time.length).toBe(rows);
      expect(short.series.time[rows - 1]).toBe(split.series.time[rows - 1]);
      expect(short.series.obs).toEqual(split.series.obs.subarray(0, rows * OBS_SIZE));
      expect(short.series.atr).toEqual(split.series.atr.subarray(0, rows));
      expect(short.series.marketOpen).toEqual(split.series.marketOpen.subarray(0, rows));
      // The last bar's next return is unknown without the bar after it.
      expect(short.series.nextLogReturn.subarray(0, rows - 1)).toEqual(
        split.series.nextLogReturn.subarray(0, rows - 1),
      );
      expect(short.series.nextLogReturn[rows - 1]).toBeNaN();
      expect(split.series.nextLogReturn[rows - 1]).not.toBeNaN();
    }
  });
});

describe('market hours and gaps', () => {
  it('ends BTCUSDT segments exactly at the exchange outages of 2021', () => {
    const raw = btcRaw();
    const outages: number[] = [];
    for (let i = 0; i + 1 < raw.time.length; i++)
      if (raw.time[i + 1] - raw.time[i] > HOUR) outages.push(raw.time[i]);
    const s = btc.series;
    const ends: number[] = [];
    for (let i = 0; i + 1 < s.time.length; i++) if (s.segmentEnd[i] === i + 1) ends.push(s.time[i]);
    expect(outages.length).toBeGreaterThanOrEqual(5);
    expect(ends).toEqual(outages.filter((t) => t >= s.time[0]));
    expect(s.segmentEnd[s.time.length - 1]).toBe(s.time.length);
    for (let i = 0; i < s.time.length; i++) expect(s.marketOpen[i]).toBe(1);
  });

  it('does not end AAPL segments overnight, on weekends or holidays; only where a session lacks bars', () => {
    const s = aapl.series;
    let overnight = 0;
    for (let i = 0; i + 1 < s.time.length; i++) {
      const sameDay = newYorkDay(s.time[i]) === newYorkDay(s.time[i + 1]);
      if (s.segmentEnd[i] === i + 1) {
        // yfinance has no 12:30 bar on half days (13:00 close): the session lacks a bar.
        const session = sessionOnDay(newYorkDay(s.time[i]))!;
        expect(session.earlyClose, `segment end at ${new Date(s.time[i]).toISOString()}`).toBe(true);
      } else if (!sameDay) overnight++;
    }
    expect(overnight).toBeGreaterThan(600);
    for (let i = 0; i < s.time.length; i++) expect(s.marketOpen[i]).toBe(1);
  });

  it('ends a stock segment at an intraday hole and at a missing session, but not at the weekend', () => {
    const raw = aaplRaw();
    const ny = (i: number) => newYorkDay(raw.time[i]);
    // A Wednesday with a full session, its Thursday and the next Monday.
    let wed = 100;
    while (!(new Date(raw.time[wed]).getUTCDay() === 3 && newYorkMinuteOfDay(raw.time[wed]) === 570)) wed++;
    const keep = (drop: (i: number) => boolean) => {
      const idx = [...raw.time.keys()].filter((i) => !drop(i));
      return {
        time: Float64Array.from(idx, (i) => raw.time[i]),
        close: Float64Array.from(idx, (i) => raw.close[i]),
      };
    };
    const gapsAfter = (bars: { time: Float64Array; close: Float64Array }) => {
      const { segmentEnd } = segmentsAndReturns(bars.time, bars.close, 'stock', '1h');
      return [...segmentEnd.keys()]
        .filter((i) => segmentEnd[i] === i + 1 && i + 1 < bars.time.length)
        .map((i) => bars.time[i]);
    };
    const baseline = new Set(gapsAfter(raw));
    // The 11:30 bar of that Wednesday removed: the 10:30 bar ends a segment.
    const hole = gapsAfter(keep((i) => i === wed + 2)).filter((t) => !baseline.has(t));
    expect(hole).toEqual([raw.time[wed + 1]]);
    // The whole Thursday removed: Wednesday's 15:30 bar ends a segment.
    const thursday = ny(wed) + 1;
    const missing = gapsAfter(keep((i) => ny(i) === thursday)).filter((t) => !baseline.has(t));
    expect(missing).toEqual([raw.time[wed + 6]]);
    // Nothing removed: the Friday → Monday step of that week is no gap.
    const friday = [...raw.time.keys()].find((i) => ny(i) === ny(wed) + 2 && ny(i + 1) === ny(wed) + 5)!;
    expect(baseline.has(raw.time[friday])).toBe(false);
  });

  it('trades stock minutes only in the regular session (SPY with pre-market and after hours), ending segments only at missing sessions', async () => {
    const ref = storeLeanMinutes(fixture, 'spy');
    const spy = await loadTrainingSeries(fixture.db, ref, { ...SPLIT, purgeBars: 30 });
    const s = spy.series;
    let open = 0;
    let closed = 0;
    for (let i = 0; i < s.time.length; i++) {
      const minute = newYorkMinuteOfDay(s.time[i]);
      const regular = minute >= 570 && minute < 960 ? 1 : 0;
      expect(s.marketOpen[i], new Date(s.time[i]).toISOString()).toBe(regular);
      if (regular) open++;
      else closed++;
    }
    expect(open).toBeGreaterThan(2000);
    expect(closed).toBeGreaterThan(1000);
    // The files hold 2013-10-04 .. 2013-10-11 and 2023-08-03: the only segment end is the last bar
    // of 2013-10-11 (ten years of sessions missing), none between extended-hours and session bars.
    const ends = [...s.segmentEnd.keys()].filter((i) => s.segmentEnd[i] === i + 1 && i + 1 < s.time.length);
    expect(ends.map((i) => new Date(s.time[i]).toISOString())).toEqual(['2013-10-11T23:59:00.000Z']);
  });
});
