import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Lab } from '../../src/core/lab.js';
import type { BarColumns } from '../../src/core/store/bar-columns.js';
import { BarStore } from '../../src/core/store/bar-store.js';
import { findInstrument, upsertInstrument } from '../../src/core/store/instruments.js';
import { openDatabase } from '../../src/core/store/open-database.js';
import type { Job, YahooFetchSummary } from '../../src/shared/contract/index.js';
import { openTestLab, waitForJobEnd } from '../helpers/lab-harness.js';
import { tempDir } from '../helpers/paths.js';
import { lastJson, runCli } from '../helpers/run-cli.js';
import { recordedYahooChart, startYahooReplay, type YahooReplay } from '../helpers/yahoo-replay/index.js';

// Needs `npm run build:node`: jobs run in child-process hosts and the CLI from out/node.

const MSFT_1D = 'historical-via-chart-MSFT-dividends-2021-02-01-to-2022-01-31.csv.json';
const DAY = 86_400_000;

let replay: YahooReplay;
let lab: Lab | undefined;
beforeAll(async () => {
  replay = await startYahooReplay();
});
afterAll(() => replay.close());
afterEach(async () => {
  replay.setFaults([]);
  await lab?.close();
  lab = undefined;
});

const PARAMS = { tickers: ['MSFT'], interval: '1d' as const, from: '2021-02-01', to: '2022-01-31' };

/**
 * polygon-flat daily bars for MSFT's first ten sessions of 2021-02, written into the store before
 * the lab opens. Each carries the real values of the session after it, so it shows which source won.
 */
function writePolygonFlatBars(dataDir: string): BarColumns {
  const chart = recordedYahooChart(MSFT_1D);
  const columns = {
    time: new Float64Array(chart.times.slice(0, 10).map((t) => Math.floor(t / DAY) * DAY)),
  } as BarColumns;
  for (const name of ['open', 'high', 'low', 'close', 'volume'] as const) {
    columns[name] = new Float64Array(chart[name].slice(1, 11).map((v) => v!));
  }
  const db = openDatabase(dataDir);
  const msft = upsertInstrument(
    db,
    { symbol: 'MSFT', venue: 'us', market: 'stock', base: 'MSFT', quote: 'USD' },
    1,
  );
  new BarStore(db).writeBars({
    instrumentId: msft,
    interval: '1d',
    source: 'polygon-flat',
    rawFileId: null,
    columns,
  });
  db.close();
  return columns;
}

function storedBars(dataDir: string, ticker: string): BarColumns {
  const db = openDatabase(dataDir);
  try {
    const id = findInstrument(db, { symbol: ticker, venue: 'us', market: 'stock' })!.id;
    return new BarStore(db).readBars({ instrumentId: id, interval: '1d' });
  } finally {
    db.close();
  }
}

describe('fetch yahoo through the lab (TRADELAB_YAHOO_URL → the replay)', () => {
  it('fills the days polygon-flat lacks, leaves its bars unchanged, and stores the dividends', async () => {
    const dataDir = tempDir();
    const polygon = writePolygonFlatBars(dataDir);
    const opened = await openTestLab(dataDir, undefined, { env: { TRADELAB_YAHOO_URL: replay.url } });
    lab = opened.lab;
    const { jobId } = await lab.startFetchYahoo(PARAMS);
    const job = await waitForJobEnd(lab, jobId);
    expect(job.status).toBe('done');
    expect(job.summary).toEqual({
      requests: 1,
      barsStored: 242,
      barsKeptFromBetterSource: 10,
      barsDropped: 0,
      splits: 0,
      dividends: 4,
      tickersFailed: [],
      notes: [],
    } satisfies YahooFetchSummary);
    expect(
      (await lab.getCorporateActions({ ticker: 'MSFT' })).map((a) => [a.kind, a.exDate, a.amount]),
    ).toEqual([
      ['dividend', '2021-02-17', 0.56],
      ['dividend', '2021-05-19', 0.56],
      ['dividend', '2021-08-18', 0.56],
      ['dividend', '2021-11-17', 0.62],
    ]);
    await lab.close();
    lab = undefined;

    const stored = storedBars(dataDir, 'MSFT');
    const chart = recordedYahooChart(MSFT_1D);
    expect(stored.time.length).toBe(252);
    for (const name of ['open', 'high', 'low', 'close', 'volume'] as const) {
      expect([...stored[name].subarray(0, 10)]).toEqual([...polygon[name]]);
      expect([...stored[name].subarray(10)]).toEqual(chart[name].slice(10));
    }
  });

  it('an empty chart (weekend shape) is zero bars and a note; the job is done, not failed', async () => {
    replay.setFaults([{ match: '/chart/MSFT', fault: { type: 'empty-chart' } }]);
    const opened = await openTestLab(tempDir(), undefined, { env: { TRADELAB_YAHOO_URL: replay.url } });
    lab = opened.lab;
    const job = await waitForJobEnd(lab, (await lab.startFetchYahoo(PARAMS)).jobId);
    expect(job.status).toBe('done');
    expect(job.summary).toMatchObject({ barsStored: 0, tickersFailed: [] });
    expect((job.summary as YahooFetchSummary).notes).toEqual([
      expect.stringMatching(/^MSFT 1d .*Yahoo sent no bars/),
    ]);
  });
});

describe('tradelab fetch yahoo (CLI)', () => {
  it('--json prints job events and the ended job; the human report sums it up; bad options exit 2', async () => {
    const dataDir = tempDir();
    const range = ['--interval', '1d', '--from', '2021-02-01', '--to', '2022-01-31', '--data-dir', dataDir];
    const json = await runCli([
      'fetch',
      'yahoo',
      '--tickers',
      'nvda,zzzz',
      ...range,
      '--yahoo-url',
      replay.url,
      '--json',
    ]);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const job = lastJson<Job>(json.stdout);
    expect(job).toMatchObject({
      kind: 'fetch-yahoo',
      status: 'done',
      params: { tickers: ['NVDA', 'ZZZZ'], interval: '1d', events: true },
      summary: { barsStored: 252, splits: 1, tickersFailed: ['ZZZZ'] },
    });
    expect(job.issues.map((i) => i.subject)).toEqual(['ZZZZ (Yahoo 1d)']);
    expect(json.stdout.trim().split('\n').length).toBeGreaterThan(1);

    // Default tickers: the stockTickers setting (its environment override here); a re-run keeps all.
    const human = await runCli(['fetch', 'yahoo', ...range], {
      env: { TRADELAB_YAHOO_URL: replay.url, TRADELAB_STOCK_TICKERS: 'NVDA' },
    });
    expect(human.code).toBe(0);
    expect(human.stdout.split('\n')[0]).toBe(
      'Yahoo fetch done: 1 request; 0 bars stored, 252 already stored (kept), 0 dropped (nulls, outside the range, not closed yet or unsound); 1 split, 0 dividends.',
    );

    const bad = await runCli([
      'fetch',
      'yahoo',
      '--tickers',
      'AAPL',
      '--from',
      '2021-13-01',
      '--data-dir',
      dataDir,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--from/);
  });
});
