import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job, PolygonFetchSummary } from '../../src/shared/contract/index.js';
import { tempDir } from '../helpers/paths.js';
import { lastJson, runCli as runTradelab } from '../helpers/run-cli.js';
import {
  comparable,
  expectedDays,
  expectedMinutes,
  storedStockBars,
} from '../helpers/s3-flatfiles/expected-bars.js';
import {
  S3RVER_ACCESS_KEY,
  startFlatFileServer,
  TEST_SECRET_KEY,
  type FlatFileServer,
} from '../helpers/s3-flatfiles/flat-file-server.js';
import { sourceMinutesByDate } from '../helpers/s3-flatfiles/source-minutes.js';

// The "done when", as a user types it: the built CLI against a local S3 server.
const KEYS = { POLYGON_S3_ACCESS_KEY: S3RVER_ACCESS_KEY, POLYGON_S3_SECRET_KEY: TEST_SECRET_KEY };
// SPY minutes of Friday 2013-10-04 and the week after; Thursday the 3rd has no file.
const SPY_DATES = ['2013-10-04', '2013-10-07', '2013-10-08', '2013-10-09', '2013-10-10', '2013-10-11'];

// Polygon settings of the environment the tests run in are blanked; each test sets what it needs.
const NO_POLYGON_ENV = {
  POLYGON_S3_ACCESS_KEY: '',
  POLYGON_S3_SECRET_KEY: '',
  POLYGON_S3_ENDPOINT: '',
  POLYGON_S3_BUCKET: '',
};
const runCli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runTradelab(args, { env: { ...NO_POLYGON_ENV, ...env } });

const days = sourceMinutesByDate();
let server: FlatFileServer;
beforeAll(async () => {
  server = await startFlatFileServer();
  await server.createBucket('lean');
  await server.putDays('lean', new Map(SPY_DATES.map((d) => [d, days.get(d)!])));
});
afterAll(async () => {
  await server?.close();
});

describe('tradelab fetch polygon (CLI)', () => {
  it('fetches minute and day bars that equal the source files, then reports a re-run with nothing to do', async () => {
    const dataDir = tempDir();
    const args = ['fetch', 'polygon', '--tickers', 'spy,aapl', '--from', '2013-10-03', '--to', '2013-10-11'];
    const where = ['--endpoint', server.endpoint, '--bucket', 'lean', '--data-dir', dataDir];
    const first = await runCli([...args, ...where, '--json'], KEYS);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const job = lastJson<Job & { summary: PolygonFetchSummary }>(first.stdout);
    expect(job.status).toBe('done');
    expect(job.params).not.toHaveProperty('secrets');
    expect(job.summary).toMatchObject({
      filesPlanned: 14, // 7 weekdays from Thursday the 3rd, minute and day
      filesDownloaded: 12,
      filesAbsent: 2,
      tickersNotFound: ['AAPL'],
    });
    const minutes = comparable(
      storedStockBars(dataDir, 'SPY', '1m'),
      expectedMinutes(days, 'SPY', SPY_DATES),
    );
    expect(minutes.stored.length).toBe(6 * 390);
    expect(minutes.stored).toEqual(minutes.expected);
    const daily = comparable(storedStockBars(dataDir, 'SPY', '1d'), expectedDays(days, 'SPY', SPY_DATES));
    expect(daily.stored.length).toBe(6);
    expect(daily.stored).toEqual(daily.expected);

    const second = await runCli([...args, ...where], KEYS);
    expect(second.code).toBe(0);
    const report = second.stdout.trim().split('\n');
    expect(report[0]).toBe(
      'Flat-file fetch done: 14 day files planned: 0 downloaded (0.00 MB), 12 already up to date, 2 absent, 0 rejected, 0 failed; 0 bars stored; 0 retries.',
    );
    expect(report).toContain(
      'Not in any file of the range: AAPL (check the spelling, or whether it traded then).',
    );
    expect(report.some((l) => /^Note: minute files: the bucket has none for 2013-10-03/.test(l))).toBe(true);
  });

  it('says in one line which variables to set when the credentials are missing (exit 1)', async () => {
    const result = await runCli(
      [
        'fetch',
        'polygon',
        '--tickers',
        'SPY',
        '--from',
        '2013-10-04',
        '--to',
        '2013-10-04',
        '--data-dir',
        tempDir(),
      ],
      { POLYGON_S3_ENDPOINT: server.endpoint },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^tradelab: Cannot start the flat-file fetch: Polygon\/Massive flat files need S3 credentials: set POLYGON_S3_ACCESS_KEY and POLYGON_S3_SECRET_KEY/,
    );
  });

  it('fails with the refused-credentials sentence (exit 1), never printing the keys', async () => {
    const result = await runCli(
      ['fetch', 'polygon', '--tickers', 'SPY', '--from', '2013-10-04', '--to', '2013-10-08', '--json'],
      {
        POLYGON_S3_ACCESS_KEY: 'AKIAWRONGKEY000',
        POLYGON_S3_SECRET_KEY: TEST_SECRET_KEY,
        POLYGON_S3_ENDPOINT: server.endpoint,
        POLYGON_S3_BUCKET: 'lean',
        TRADELAB_HOME: tempDir(),
      },
    );
    expect(result.code).toBe(1);
    expect(lastJson<Job>(result.stdout).status).toBe('failed');
    // One message, no stack trace from the job host: refused keys are not a crash.
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    const last = result.stderr.trim().split('\n').at(-1);
    expect(last).toMatch(
      /^tradelab: flat-file fetch failed: The S3 server at http:\/\/127\.0\.0\.1:\d+ refused the Polygon\/Massive credentials \(InvalidAccessKeyId, HTTP 403\): check POLYGON_S3_ACCESS_KEY and POLYGON_S3_SECRET_KEY/,
    );
    for (const secret of ['AKIAWRONGKEY000', TEST_SECRET_KEY]) {
      expect(result.stdout.includes(secret)).toBe(false);
      expect(result.stderr.includes(secret)).toBe(false);
    }
  });

  it('refuses bad options before opening the lab (exit 2)', async () => {
    const dataset = await runCli(
      ['fetch', 'polygon', '--tickers', 'SPY', '--from', '2013-10-04', '--datasets', 'minute,tick'],
      KEYS,
    );
    expect(dataset.code).toBe(2);
    expect(dataset.stderr.trim()).toBe(
      'tradelab: Cannot fetch: --datasets: Invalid option: expected one of "minute"|"day"',
    );
    const range = await runCli(
      ['fetch', 'polygon', '--tickers', 'SPY', '--from', '2013-10-11', '--to', '2013-10-04'],
      KEYS,
    );
    expect(range.code).toBe(2);
    expect(range.stderr.trim()).toBe('tradelab: Cannot fetch: --from: "from" must not be after "to"');
  });
});
