import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Lab } from '../../src/core/lab.js';
import type { Logger } from '../../src/core/platform/logger.js';
import { weekdaysBetween } from '../../src/core/ingest/polygon/flat-file-keys.js';
import { openDatabase } from '../../src/core/store/open-database.js';
import type { Job, LabInput, PolygonFetchSummary } from '../../src/shared/contract/index.js';
import { openTestLab, waitForJobEnd } from '../helpers/lab-harness.js';
import {
  comparable,
  expectedDays,
  expectedMinutes,
  storedStockBars,
} from '../helpers/s3-flatfiles/expected-bars.js';
import {
  dayKey,
  gzipText,
  minuteAggsCsv,
  minuteKey,
  withBadCrc,
  withLineEdited,
} from '../helpers/s3-flatfiles/flat-file-format.js';
import {
  S3RVER_ACCESS_KEY,
  startFlatFileServer,
  TEST_SECRET_KEY,
  type FlatFileServer,
  type RecordedRequest,
} from '../helpers/s3-flatfiles/flat-file-server.js';
import { sourceMinutesByDate } from '../helpers/s3-flatfiles/source-minutes.js';

const ENV = { POLYGON_S3_ACCESS_KEY: S3RVER_ACCESS_KEY, POLYGON_S3_SECRET_KEY: TEST_SECRET_KEY };
const FAST = { retryBaseMs: 20, maxAttempts: 3, stallTimeoutMs: 5_000 };
// The yfinance week: Monday 2025-02-03 to Tuesday 2025-02-11, the weekend of the 8th/9th between.
const YAHOO_DATES = [
  '2025-02-03',
  '2025-02-04',
  '2025-02-05',
  '2025-02-06',
  '2025-02-07',
  '2025-02-10',
  '2025-02-11',
];

const days = sourceMinutesByDate();
const only = (dates: string[]) => new Map(dates.map((d) => [d, days.get(d)!]));

let server: FlatFileServer;
let lab: Lab | undefined;
beforeAll(async () => {
  server = await startFlatFileServer();
});
afterAll(async () => {
  await server?.close();
});
afterEach(async () => {
  await server.setFaults([]);
  await lab?.close();
  lab = undefined;
});

async function open(env: Record<string, string> = ENV, logger?: Logger) {
  const opened = await openTestLab(undefined, undefined, { env, ...(logger ? { logger } : {}) });
  lab = opened.lab;
  return opened;
}

async function fetchAndWait(
  bucket: string,
  params: Omit<LabInput<'startFetchPolygon'>, 's3'>,
): Promise<Job & { summary: PolygonFetchSummary }> {
  const { jobId } = await lab!.startFetchPolygon({
    transfer: FAST,
    ...params,
    s3: { endpoint: server.endpoint, bucket },
  });
  return (await waitForJobEnd(lab!, jobId)) as Job & { summary: PolygonFetchSummary };
}

/** Requests for objects (GetObject) of one bucket, from index `since` of the server's log. */
const objectGets = (requests: RecordedRequest[], bucket: string, since = 0) =>
  requests.slice(since).filter((r) => r.method === 'GET' && r.url.startsWith(`/${bucket}/us_stocks_sip/`));

function expectStored(dataDir: string, ticker: string, dates: string[], extendedHours = false): void {
  const minutes = comparable(
    storedStockBars(dataDir, ticker, '1m'),
    expectedMinutes(days, ticker, dates, extendedHours),
  );
  expect(minutes.stored.length, `${ticker} 1m bars`).toBeGreaterThan(0);
  expect(minutes.stored, `${ticker} 1m bars`).toEqual(minutes.expected);
  const daily = comparable(storedStockBars(dataDir, ticker, '1d'), expectedDays(days, ticker, dates));
  expect(daily.stored, `${ticker} 1d bars`).toEqual(daily.expected);
}

function flatFileRows(dataDir: string): { key: string; tickers: string; bars: number }[] {
  const db = openDatabase(dataDir);
  try {
    return db.prepare('SELECT key, tickers, bars FROM flat_files ORDER BY key').all() as {
      key: string;
      tickers: string;
      bars: number;
    }[];
  } finally {
    db.close();
  }
}

describe('fetch-polygon against an S3 server holding flat files written from real minutes', () => {
  it('stores exactly the source bars, is incremental, and never lets the keys out', async () => {
    const bucket = 'yahoo-week';
    await server.createBucket(bucket);
    await server.putDays(bucket, only(YAHOO_DATES));
    // A weekday without files: absent, not an error.
    await server.remove(bucket, minuteKey('2025-02-05'));
    await server.remove(bucket, dayKey('2025-02-05'));
    const stored = YAHOO_DATES.filter((d) => d !== '2025-02-05');

    const logged: string[] = [];
    const capture = (message: string, fields?: Record<string, unknown>) =>
      logged.push(`${message} ${JSON.stringify(fields ?? {})}`);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      logged.push(String(chunk));
      return true;
    });
    try {
      const { dataDir } = await open(ENV, { info: capture, warn: capture, error: capture });
      const range = { from: '2025-02-03', to: '2025-02-11' };

      const first = await fetchAndWait(bucket, { tickers: ['AAPL', 'NVDA'], ...range });
      expect(first.status).toBe('done');
      expect(first.summary).toMatchObject({
        filesPlanned: 14, // 7 weekdays × (minute, day): the weekend is not planned
        filesDownloaded: 12,
        filesAbsent: 2,
        filesUpToDate: 0,
        filesRejected: 0,
        filesFailed: 0,
        tickersNotFound: ['NVDA'],
      });
      expect(first.summary.barsStored).toBe(
        expectedMinutes(days, 'AAPL', stored).length + expectedDays(days, 'AAPL', stored).length,
      );
      expect(first.summary.notes.join('\n')).toMatch(/minute files: the bucket has none for 2025-02-05/);
      expect(first.issues).toEqual([]);
      expectStored(dataDir, 'AAPL', stored);
      expect(storedStockBars(dataDir, 'MSFT', '1m')).toBeNull();
      // Quality is refreshed by the fetch and follows sessions: the weekend is no gap, the
      // unpublished Wednesday is one whole session (390 minutes) missing.
      const [minuteQuality] = await lab!.getQualityReports({ symbol: 'AAPL', interval: '1m' });
      expect(minuteQuality).toMatchObject({
        market: 'stock',
        bars: expectedMinutes(days, 'AAPL', stored).length,
      });
      expect(minuteQuality!.gaps.find((g) => g.after.startsWith('2025-02-04'))).toMatchObject({
        before: '2025-02-06T14:30:00.000Z',
        missingBars: 390,
      });
      const overWeekend = minuteQuality!.gaps.filter((g) => g.before.startsWith('2025-02-10T14:30'));
      expect(overWeekend, JSON.stringify(minuteQuality!.gaps)).toEqual([]);

      // Same request again: every file is up to date, not one object is downloaded.
      const before = (await server.requests()).length;
      const second = await fetchAndWait(bucket, { tickers: ['AAPL', 'NVDA'], ...range });
      expect(second.summary).toMatchObject({ filesDownloaded: 0, filesUpToDate: 12, barsStored: 0 });
      expect(second.summary.tickersNotFound).toEqual(['NVDA']);
      expect(objectGets(await server.requests(), bucket, before)).toEqual([]);

      // A new ticker re-reads the files it lacks, for that ticker only.
      const third = await fetchAndWait(bucket, { tickers: ['AAPL', 'MSFT'], ...range });
      expect(third.summary).toMatchObject({ filesDownloaded: 12, filesUpToDate: 0, tickersNotFound: [] });
      expect(third.summary.barsStored).toBe(
        expectedMinutes(days, 'MSFT', stored).length + expectedDays(days, 'MSFT', stored).length,
      );
      expectStored(dataDir, 'MSFT', stored);
      expectStored(dataDir, 'AAPL', stored);
      expect(flatFileRows(dataDir).find((r) => r.key === minuteKey('2025-02-10'))).toMatchObject({
        tickers: 'AAPL,MSFT,NVDA',
        bars:
          expectedMinutes(days, 'AAPL', ['2025-02-10']).length +
          expectedMinutes(days, 'MSFT', ['2025-02-10']).length,
      });

      // A re-published file (same bars, new bytes, new ETag) is read again; the others are not.
      await server.put(
        bucket,
        minuteKey('2025-02-10'),
        gzipText(minuteAggsCsv(days.get('2025-02-10')!, 'time')),
      );
      const fourth = await fetchAndWait(bucket, { tickers: ['AAPL', 'MSFT'], ...range });
      expect(fourth.summary).toMatchObject({ filesDownloaded: 1, filesUpToDate: 11 });
      expectStored(dataDir, 'AAPL', stored);
      expectStored(dataDir, 'MSFT', stored);

      // The keys are nowhere: not in the database (main file and WAL, while the lab is open and
      // after it closed), the jobs, or anything logged. The job rows are in the file: the search
      // finds the bucket name they hold.
      const databaseBytes = () =>
        fs
          .readdirSync(dataDir)
          .filter((f) => f.startsWith('tradelab.sqlite'))
          .map((f) => fs.readFileSync(path.join(dataDir, f)));
      const whileOpen = databaseBytes();
      expect(whileOpen.length).toBeGreaterThan(1);
      await lab!.close();
      lab = undefined;
      const files = [...whileOpen, ...databaseBytes()];
      expect(files.some((bytes) => bytes.includes(`"bucket":"${bucket}"`))).toBe(true);
      const jobs = JSON.stringify([first, second, third, fourth]);
      for (const secret of [TEST_SECRET_KEY, S3RVER_ACCESS_KEY]) {
        for (const bytes of files) expect(bytes.includes(secret)).toBe(false);
        expect(jobs.includes(secret)).toBe(false);
        expect(logged.join('\n').includes(secret)).toBe(false);
      }
    } finally {
      stderr.mockRestore();
    }
  });

  it('keeps the regular session by default and the whole 04:00–20:00 day with extended hours', async () => {
    const bucket = 'lean-spy';
    // Friday 2013-10-04, then the whole next week: the weekend between is not planned.
    const dates = ['2013-10-04', '2013-10-07', '2013-10-08', '2013-10-09', '2013-10-10', '2013-10-11'];
    await server.createBucket(bucket);
    await server.putDays(bucket, only(dates), ['minute']);
    const { dataDir, events } = await open();
    const range = { from: '2013-10-04', to: '2013-10-11', datasets: ['minute' as const] };

    const regular = await fetchAndWait(bucket, { tickers: ['SPY'], ...range });
    expect(regular.summary).toMatchObject({ filesPlanned: 6, filesDownloaded: 6, filesAbsent: 0 });
    const all = expectedMinutes(days, 'SPY', dates, true).length;
    const inSession = expectedMinutes(days, 'SPY', dates).length;
    expect(regular.summary.barsStored).toBe(inSession);
    expect(regular.summary.notes).toContain(
      `${all - inSession} pre- and after-market minute bars were left out: only the regular session is kept unless extended hours are asked for.`,
    );
    let minutes = comparable(storedStockBars(dataDir, 'SPY', '1m'), expectedMinutes(days, 'SPY', dates));
    expect(minutes.stored).toEqual(minutes.expected);
    // The last step refreshes the quality reports (short jobs' transfer progress is coalesced away).
    expect(regular.progress).toMatchObject({ unit: 'series', message: expect.stringMatching(/^quality: /) });
    expect(regular.progress!.done).toBe(regular.progress!.total);
    expect(events.some((e) => e.type === 'coverage.changed')).toBe(true);

    const extended = await fetchAndWait(bucket, { tickers: ['SPY'], ...range, extendedHours: true });
    expect(extended.summary).toMatchObject({ filesDownloaded: 6, barsStored: all });
    minutes = comparable(storedStockBars(dataDir, 'SPY', '1m'), expectedMinutes(days, 'SPY', dates, true));
    expect(minutes.stored).toEqual(minutes.expected);

    // Extended hours cover the regular session: nothing left to read either way.
    const again = await fetchAndWait(bucket, { tickers: ['SPY'], ...range });
    expect(again.summary).toMatchObject({ filesDownloaded: 0, filesUpToDate: 6 });
  });

  it('rejects a corrupt gzip and a malformed row with key and line, storing nothing from them', async () => {
    const bucket = 'damaged';
    const dates = YAHOO_DATES.slice(0, 5);
    await server.createBucket(bucket);
    await server.putDays(bucket, only(dates), ['minute']);
    const corruptKey = minuteKey('2025-02-05');
    const malformedKey = minuteKey('2025-02-07');
    await server.put(bucket, corruptKey, withBadCrc(gzipText(minuteAggsCsv(days.get('2025-02-05')!))));
    const malformed = withLineEdited(minuteAggsCsv(days.get('2025-02-07')!), 100, (f) => {
      f[1] = '12x4';
      return f;
    });
    await server.put(bucket, malformedKey, gzipText(malformed));
    const { dataDir } = await open();
    const params = { tickers: ['AAPL'], from: dates[0], to: dates[4], datasets: ['minute' as const] };

    const job = await fetchAndWait(bucket, params);
    expect(job.status).toBe('done');
    expect(job.summary).toMatchObject({ filesDownloaded: 3, filesRejected: 2, filesFailed: 0 });
    const issues = Object.fromEntries(job.issues.map((i) => [i.subject, i]));
    expect(issues[corruptKey].message).toMatch(
      /^rejected, nothing stored from this file: corrupt gzip: incorrect data check/,
    );
    expect(issues[corruptKey].line).toBeGreaterThan(1000);
    expect(issues[malformedKey]).toMatchObject({
      line: 100,
      message: 'rejected, nothing stored from this file: volume "12x4" is not a number',
    });
    const good = ['2025-02-03', '2025-02-04', '2025-02-06'];
    const minutes = comparable(storedStockBars(dataDir, 'AAPL', '1m'), expectedMinutes(days, 'AAPL', good));
    expect(minutes.stored).toEqual(minutes.expected);
    expect(flatFileRows(dataDir).map((r) => r.key)).toEqual(good.map(minuteKey));

    // Once the provider fixes them, a re-run reads exactly those two.
    await server.putDays(bucket, only(['2025-02-05', '2025-02-07']), ['minute']);
    const rerun = await fetchAndWait(bucket, params);
    expect(rerun.summary).toMatchObject({ filesDownloaded: 2, filesUpToDate: 3, filesRejected: 0 });
    const all = comparable(storedStockBars(dataDir, 'AAPL', '1m'), expectedMinutes(days, 'AAPL', dates));
    expect(all.stored).toEqual(all.expected);
  });

  it('retries 5xx with backoff, gives a file up after maxAttempts requests, and a re-run gets it', async () => {
    const bucket = 'flaky';
    const dates = ['2025-02-03', '2025-02-04'];
    await server.createBucket(bucket);
    await server.putDays(bucket, only(dates), ['minute']);
    await server.setFaults([
      { match: 'list-type=2', status: 503, times: 1 },
      { match: minuteKey('2025-02-03'), status: 503, times: 2 },
      { match: minuteKey('2025-02-04'), status: 500 },
    ]);
    const { dataDir } = await open();
    const params = { tickers: ['TSLA'], from: dates[0], to: dates[1], datasets: ['minute' as const] };
    const before = (await server.requests()).length;

    const job = await fetchAndWait(bucket, params);
    expect(job.status).toBe('done');
    expect(job.summary).toMatchObject({ filesDownloaded: 1, filesFailed: 1, retries: 1 + 2 + 2 });
    expect(job.issues).toEqual([
      {
        subject: minuteKey('2025-02-04'),
        message: `could not be downloaded after 3 attempts (InternalError (HTTP 500): injected fault 500); run the same fetch again to retry it`,
      },
    ]);
    expect(job.summary.notes).toContain(
      '1 file could not be downloaded; run the same fetch again to retry it.',
    );
    // maxAttempts 3 means 3 requests: the SDK's own retries are off, nothing multiplies them.
    const gets = objectGets(await server.requests(), bucket, before);
    expect(gets.filter((r) => r.url.includes('2025-02-04')).map((r) => r.status)).toEqual([500, 500, 500]);
    expect(gets.filter((r) => r.url.includes('2025-02-03')).map((r) => r.status)).toEqual([503, 503, 200]);

    await server.setFaults([]);
    const rerun = await fetchAndWait(bucket, params);
    expect(rerun.summary).toMatchObject({ filesDownloaded: 1, filesUpToDate: 1, filesFailed: 0 });
    const minutes = comparable(storedStockBars(dataDir, 'TSLA', '1m'), expectedMinutes(days, 'TSLA', dates));
    expect(minutes.stored).toEqual(minutes.expected);
  });

  it('drops a stalled connection after stallTimeoutMs and tries again', async () => {
    const bucket = 'stall';
    await server.createBucket(bucket);
    await server.putDays(bucket, only(['2025-02-06']), ['minute']);
    await server.setFaults([{ match: minuteKey('2025-02-06'), delayMs: 30_000, times: 1 }]);
    const { dataDir } = await open();
    const job = await fetchAndWait(bucket, {
      tickers: ['MSFT'],
      from: '2025-02-06',
      to: '2025-02-06',
      datasets: ['minute'],
      transfer: { ...FAST, stallTimeoutMs: 300 },
    });
    expect(job.summary).toMatchObject({ filesDownloaded: 1, retries: 1 });
    const minutes = comparable(
      storedStockBars(dataDir, 'MSFT', '1m'),
      expectedMinutes(days, 'MSFT', ['2025-02-06']),
    );
    expect(minutes.stored).toEqual(minutes.expected);
  });

  it('plans up to today for a range that reaches into the future; the newest days are not published yet', async () => {
    const bucket = 'future';
    await server.createBucket(bucket);
    await server.putDays(bucket, only(['2025-02-10', '2025-02-11']), ['minute']);
    await open();
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date());
    const job = await fetchAndWait(bucket, {
      tickers: ['TSLA'],
      from: '2025-02-10',
      to: '2099-12-31',
      datasets: ['minute'],
    });
    expect(job.status).toBe('done');
    expect(job.summary.filesPlanned).toBe(weekdaysBetween('2025-02-10', today).length);
    expect(job.summary).toMatchObject({ filesDownloaded: 2, filesAbsent: job.summary.filesPlanned - 2 });
    expect(job.summary.notes).toContain(
      `Days after today (${today}, New York) are not planned: a day's file appears the day after its session.`,
    );
    expect(job.summary.notes.join('\n')).toMatch(/not published yet \(a day's file appears the next day\)/);
    expect(job.issues).toEqual([]);
  });

  it('fails at once with one clear message when the keys are refused, after a single request', async () => {
    const bucket = 'refused';
    await server.createBucket(bucket);
    await server.putDays(bucket, only(YAHOO_DATES), ['minute']);
    await open({ POLYGON_S3_ACCESS_KEY: 'AKIAWRONGKEY000', POLYGON_S3_SECRET_KEY: TEST_SECRET_KEY });
    const before = (await server.requests()).length;
    const job = await fetchAndWait(bucket, { tickers: ['AAPL'], from: '2025-02-03', to: '2025-02-11' });
    expect(job.status).toBe('failed');
    expect(job.error).toBe(
      `The S3 server at ${server.endpoint} refused the Polygon/Massive credentials (InvalidAccessKeyId, HTTP 403): ` +
        'check POLYGON_S3_ACCESS_KEY and POLYGON_S3_SECRET_KEY (or Settings → Data sources): use the "Flat Files" S3 keys from your Massive dashboard, not the REST API key.',
    );
    const requests = (await server.requests()).slice(before).filter((r) => r.url.startsWith(`/${bucket}/`));
    expect(requests.map((r) => r.status)).toEqual([403]);
  });

  it('refuses to start without credentials, naming POLYGON_S3_ACCESS_KEY', async () => {
    await open({});
    await expect(
      lab!.startFetchPolygon({ tickers: ['AAPL'], from: '2025-02-03', to: '2025-02-04' }),
    ).rejects.toThrow(/POLYGON_S3_ACCESS_KEY and POLYGON_S3_SECRET_KEY/);
    expect(await lab!.listJobs({ limit: 10 })).toEqual([]);
  });

  it('stops in-flight downloads on cancel, and a re-run completes the rest', async () => {
    const bucket = 'cancel';
    await server.createBucket(bucket);
    await server.putDays(bucket, only(YAHOO_DATES), ['minute']);
    // The last two days hang, as on a slow link, until the client gives up.
    await server.setFaults([
      { match: minuteKey('2025-02-10'), delayMs: 60_000 },
      { match: minuteKey('2025-02-11'), delayMs: 60_000 },
    ]);
    const { dataDir } = await open();
    const params = {
      tickers: ['AAPL'],
      from: '2025-02-03',
      to: '2025-02-11',
      datasets: ['minute' as const],
      concurrency: 2,
    };
    const { jobId } = await lab!.startFetchPolygon({ ...params, s3: { endpoint: server.endpoint, bucket } });
    await vi.waitFor(
      async () => {
        const hanging = objectGets(await server.requests(), bucket).filter((r) =>
          r.url.includes('2025-02-1'),
        );
        expect(hanging.length).toBe(2);
      },
      { timeout: 15_000, interval: 50 },
    );
    const cancelledAt = Date.now();
    await lab!.cancelJob({ jobId });
    const job = (await waitForJobEnd(lab!, jobId)) as Job & { summary: PolygonFetchSummary };
    expect(job.status).toBe('cancelled');
    expect(Date.now() - cancelledAt).toBeLessThan(5_000);
    expect(job.summary.filesDownloaded).toBe(5);
    await vi.waitFor(async () => {
      const hung = objectGets(await server.requests(), bucket).filter((r) => r.url.includes('2025-02-1'));
      expect(hung.map((r) => r.status)).toEqual([-1, -1]); // the client closed them
    });

    await server.setFaults([]);
    const rerun = await fetchAndWait(bucket, params);
    expect(rerun.summary).toMatchObject({ filesDownloaded: 2, filesUpToDate: 5 });
    const minutes = comparable(
      storedStockBars(dataDir, 'AAPL', '1m'),
      expectedMinutes(days, 'AAPL', YAHOO_DATES),
    );
    expect(minutes.stored).toEqual(minutes.expected);
  });
});
