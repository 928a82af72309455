import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importKlineFile } from '../../src/core/ingest/binance/import-kline-file.js';
import { JobCancelled } from '../../src/core/jobs/job-context.js';
import { computeAndStoreQuality } from '../../src/core/quality/compute-and-store.js';
import { runComputeQualityJob } from '../../src/core/quality/compute-quality-job.js';
import { openDatabase } from '../../src/core/store/open-database.js';
import { readQualityReports, saveQualityReport } from '../../src/core/store/quality-repo.js';
import type { QualityReport } from '../../src/shared/contract/index.js';
import { testJobContext } from '../helpers/job-context.js';
import { DAILY_1M_ZIPS, monthlyCsvs } from '../helpers/quality-fixtures.js';
import { tempDir } from '../helpers/paths.js';

const NOW = Date.parse('2026-02-03T04:05:06.000Z');

let db: Database;
let dataDir: string;
beforeAll(() => {
  dataDir = tempDir('tradelab-quality-');
  db = openDatabase(dataDir);
  for (const file of [...monthlyCsvs('BTCUSDT'), ...monthlyCsvs('ETHUSDT'), ...DAILY_1M_ZIPS]) {
    expect(importKlineFile(db, file, { now: NOW }).status).toBe('ok');
  }
});
afterAll(() => db?.close());

const outagesOf = (report: QualityReport) =>
  report.gaps.filter((g) => g.kind === 'outage').map((g) => g.after);

describe('quality reports of bars imported from real Data Vision files', () => {
  let reports: QualityReport[];
  const progress: Array<[number, number, string]> = [];
  beforeAll(() => {
    reports = computeAndStoreQuality(db, {}, NOW, (done, total, label) =>
      progress.push([done, total, label]),
    );
  });

  it('covers every instrument × interval, sorted by symbol, market, interval', () => {
    expect(reports.map((r) => `${r.symbol} ${r.market} ${r.interval}`)).toEqual([
      'BTCUSDT crypto-spot 1m',
      'BTCUSDT crypto-spot 1h',
      'ETHUSDT crypto-spot 1h',
    ]);
    expect(progress.map(([done, total]) => [done, total])).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(progress.map(([, , label]) => label).sort()).toEqual(['BTCUSDT 1h', 'BTCUSDT 1m', 'ETHUSDT 1h']);
  });

  it('reads the 1h series back from the store as the CSV text has it (misaligned candles included)', () => {
    const btc = reports[1];
    expect(btc).toMatchObject({
      bars: 43_261,
      first: '2017-08-17T04:00:00.000Z',
      last: '2023-05-31T23:00:00.000Z',
      misaligned: 43,
      gapCount: 29,
      missingBars: 7_471,
      chronological: true,
      duplicates: 0,
      ohlcViolations: 0,
      trainable: true,
      computedAt: '2026-02-03T04:05:06.000Z',
    });
    expect(reports[0]).toMatchObject({
      bars: 4320,
      expectedBars: 4320,
      completeness: 1,
      gapCount: 0,
      trainable: true,
    });
  });

  it('calls outages what BTCUSDT and ETHUSDT both lack, and the rest missing', () => {
    const [, btc, eth] = reports;
    expect(outagesOf(btc).sort()).toEqual(['2021-02-11T03:00:00.000Z', '2021-03-06T01:00:00.000Z']);
    expect(btc.gaps.find((g) => g.after === '2018-02-08T00:00:00.000Z')?.kind).toBe('missing'); // no ETH data in 2018
    expect(outagesOf(eth).sort()).toEqual(['2021-02-11T03:00:00.000Z', '2021-03-06T01:00:00.000Z']);
    expect(eth.gaps[0]).toEqual({
      after: '2021-03-31T23:00:00.000Z',
      before: '2021-10-01T00:00:00.000Z',
      missingBars: 4392,
      kind: 'missing',
    });
  });

  it('stores them: reading back gives the same reports, filtered by symbol or interval', () => {
    expect(readQualityReports(db, {})).toEqual(reports);
    expect(readQualityReports(db, { symbol: 'ETHUSDT' })).toEqual([reports[2]]);
    expect(readQualityReports(db, { interval: '1h' })).toEqual([reports[1], reports[2]]);
    expect(readQualityReports(db, { symbol: 'BTCUSDT', interval: '1m' })).toEqual([reports[0]]);
    expect(readQualityReports(db, { symbol: 'SOLUSDT' })).toEqual([]);
  });

  it('with a filter, stores only what it asks for but still reads the others to classify', () => {
    const later = NOW + 60_000;
    const seen: string[] = [];
    const only = computeAndStoreQuality(db, { symbol: 'ETHUSDT' }, later, (_d, _t, label) =>
      seen.push(label),
    );
    expect(only.map((r) => r.symbol)).toEqual(['ETHUSDT']);
    expect(outagesOf(only[0]).sort()).toEqual(['2021-02-11T03:00:00.000Z', '2021-03-06T01:00:00.000Z']);
    // BTCUSDT 1h was read as a witness; the 1m group has no ETHUSDT and was not read.
    expect(seen.sort()).toEqual(['BTCUSDT 1h', 'ETHUSDT 1h']);
    const stored = readQualityReports(db, {});
    expect(stored.map((r) => r.computedAt)).toEqual([
      '2026-02-03T04:05:06.000Z',
      '2026-02-03T04:05:06.000Z',
      '2026-02-03T04:06:06.000Z',
    ]);
    const rows = db.prepare('SELECT COUNT(*) AS n FROM quality_reports').get() as { n: number };
    expect(rows.n).toBe(3);
  });

  it('returns nothing for a symbol without bars', () => {
    expect(computeAndStoreQuality(db, { symbol: 'SOLUSDT' }, NOW)).toEqual([]);
  });

  it('names the series when a stored report cannot be read', () => {
    const id = (db.prepare("SELECT id FROM instruments WHERE symbol = 'ETHUSDT'").get() as { id: number }).id;
    saveQualityReport(db, id, '1h', { ...reports[2], bars: -1 } as QualityReport);
    expect(() => readQualityReports(db, { symbol: 'ETHUSDT' })).toThrow(
      /ETHUSDT \(crypto-spot\) 1h cannot be read/,
    );
    saveQualityReport(db, id, '1h', reports[2]);
  });
});

describe('the compute-quality job', () => {
  /** A job context on the test database; it reports a cancel once `cancelAt` progress updates were made. */
  function fakeContext(cancelAt = Infinity) {
    let clock = NOW;
    return testJobContext({
      db,
      dataDir,
      now: () => (clock += 1000),
      isCancelled: (progress) => progress.length >= cancelAt,
      onIssue: () => {
        throw new Error('the quality job reports no issues');
      },
    });
  }

  it('summarises series, trainable, gaps, missing bars and outages, with progress in series', async () => {
    const { ctx, progress } = fakeContext();
    const summary = await runComputeQualityJob({ interval: '1h' }, ctx);
    expect(summary).toEqual({
      series: 2,
      trainable: 2,
      gaps: 29 + 3,
      missingBars: 7_471 + 4_392 + 2,
      outages: 4,
    });
    expect(progress.at(-1)).toMatchObject({ done: 2, total: 2, unit: 'series' });
  });

  it('stops between series when cancelled, keeping the groups finished so far', async () => {
    db.prepare('DELETE FROM quality_reports').run();
    // Progress 1 lists the series, 2 and 3 are BTCUSDT and ETHUSDT 1h; the cancel comes before 1m.
    const { ctx, progress } = fakeContext(3);
    const error = await runComputeQualityJob({}, ctx).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(JobCancelled);
    expect((error as JobCancelled).summary).toEqual({
      series: 2,
      trainable: 2,
      gaps: 32,
      missingBars: 7_471 + 4_392 + 2,
      outages: 4,
    });
    expect(progress.map((p) => p.message)).toEqual(['listing stored series', 'BTCUSDT 1h', 'ETHUSDT 1h']);
    expect(readQualityReports(db, {}).map((r) => `${r.symbol} ${r.interval}`)).toEqual([
      'BTCUSDT 1h',
      'ETHUSDT 1h',
    ]);
  });

  it('cancelled before the first series is read, it stores nothing', async () => {
    db.prepare('DELETE FROM quality_reports').run();
    const { ctx } = fakeContext(1);
    const error = await runComputeQualityJob({}, ctx).catch((err: unknown) => err);
    expect((error as JobCancelled).summary).toEqual({
      series: 0,
      trainable: 0,
      gaps: 0,
      missingBars: 0,
      outages: 0,
    });
    expect(readQualityReports(db, {})).toEqual([]);
  });

  it('rejects parameters that are not a quality query', async () => {
    const { ctx } = fakeContext();
    await expect(runComputeQualityJob({ symbol: 42 }, ctx)).rejects.toThrow(/symbol/);
  });
});
