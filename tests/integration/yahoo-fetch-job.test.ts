import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { YahooFetchSummary } from '../../src/shared/contract/index.js';
import { runFetchYahooJob } from '../../src/core/ingest/yahoo/fetch-yahoo-job.js';
import { JobCancelled } from '../../src/core/jobs/job-context.js';
import { sliceColumns, type BarColumns } from '../../src/core/store/bar-columns.js';
import { BarStore } from '../../src/core/store/bar-store.js';
import { readCorporateActions } from '../../src/core/store/corporate-actions-repo.js';
import { findInstrument, upsertInstrument } from '../../src/core/store/instruments.js';
import { migrate } from '../../src/core/store/migrate.js';
import { testJobContext } from '../helpers/job-context.js';
import { recordedYahooChart, startYahooReplay, type YahooReplay } from '../helpers/yahoo-replay/index.js';

/** A chart answer whose bar columns are not numbers (as if Yahoo changed its format). */
const WRONG_SHAPE = JSON.stringify({
  chart: {
    result: [
      {
        meta: { symbol: 'NVDA' },
        timestamp: [1612189800],
        indicators: { quote: [{ open: ['x'], high: [1], low: [1], close: [1], volume: [1] }] },
      },
    ],
    error: null,
  },
});
const AAPL_1M = 'chart-AAPL-2024-10-02-to-2024-10-03-includePrePost-false-interval-1m.json';
const MSFT_1D = 'historical-via-chart-MSFT-dividends-2021-02-01-to-2022-01-31.csv.json';
const NVDA_1D = 'historical-via-chart-NVDA-split-2021-02-01-to-2022-01-31.csv.json';

let replay: YahooReplay;
let db: Db;
beforeAll(async () => {
  replay = await startYahooReplay();
});
afterAll(() => replay.close());
beforeEach(() => {
  db = new Database(':memory:');
  migrate(db);
  replay.requests.length = 0;
});
afterEach(() => {
  replay.setFaults([]);
  db.close();
});

const testContext = (now: number) => testJobContext({ db, now });

const stock = (ticker: string) => findInstrument(db, { symbol: ticker, venue: 'us', market: 'stock' })!.id;
const bars = (ticker: string, interval: string) =>
  new BarStore(db).readBars({ instrumentId: stock(ticker), interval });
const charts = () => replay.requests.filter((r) => r.path.startsWith('/v8/finance/chart/'));

describe('fetch-yahoo job against the Yahoo replay', () => {
  it('1d: stores the recorded OHLCV (raw: NVDA before its 4:1 split times four) and the events, in one request per ticker', async () => {
    const { ctx, progress, issues, coverageChanges } = testContext(Date.parse('2025-02-22T12:00:00Z'));
    const summary = await runFetchYahooJob(
      {
        tickers: ['MSFT', 'NVDA'],
        interval: '1d',
        from: '2021-02-01',
        to: '2022-01-31',
        endpoints: { yahooUrl: replay.url },
      },
      ctx,
    );
    expect(issues).toEqual([]);
    expect(summary).toEqual({
      requests: 2,
      barsStored: 504,
      barsKeptFromBetterSource: 0,
      barsDropped: 0,
      splits: 1,
      dividends: 4,
      tickersFailed: [],
      notes: [],
    } satisfies YahooFetchSummary);
    expect(charts().map((r) => [r.path, r.query.interval, r.query.events, r.query.period1])).toEqual([
      ['/v8/finance/chart/MSFT', '1d', 'div|split', String(Date.parse('2021-02-01T05:00:00Z') / 1000)],
      ['/v8/finance/chart/NVDA', '1d', 'div|split', String(Date.parse('2021-02-01T05:00:00Z') / 1000)],
    ]);

    const msft = recordedYahooChart(MSFT_1D);
    const storedMsft = bars('MSFT', '1d');
    expect([...storedMsft.time]).toEqual(msft.times.map((t) => Math.floor(t / 86_400_000) * 86_400_000));
    expect([...storedMsft.open]).toEqual(msft.open);
    expect([...storedMsft.high]).toEqual(msft.high);
    expect([...storedMsft.low]).toEqual(msft.low);
    expect([...storedMsft.close]).toEqual(msft.close);
    expect([...storedMsft.volume]).toEqual(msft.volume);

    const nvda = recordedYahooChart(NVDA_1D);
    const storedNvda = bars('NVDA', '1d');
    const split = storedNvda.time.indexOf(Date.parse('2021-07-20T00:00:00Z'));
    expect([...storedNvda.close.subarray(0, split)]).toEqual(nvda.close.slice(0, split).map((c) => c! * 4));
    expect([...storedNvda.close.subarray(split)]).toEqual(nvda.close.slice(split));
    expect([...storedNvda.volume.subarray(0, split)]).toEqual(nvda.volume.slice(0, split).map((v) => v! / 4));

    expect(readCorporateActions(db, 'NVDA')).toEqual([
      { ticker: 'NVDA', kind: 'split', exDate: '2021-07-20', ratio: 4, amount: null, source: 'yahoo' },
    ]);
    expect(readCorporateActions(db, 'MSFT').map((a) => `${a.exDate} ${a.amount}`)).toEqual([
      '2021-02-17 0.56',
      '2021-05-19 0.56',
      '2021-08-18 0.56',
      '2021-11-17 0.62',
    ]);
    expect(coverageChanges()).toBe(2);
    const last = progress.filter((p) => p.unit === 'requests').at(-1)!;
    expect([last.done, last.total, last.unit]).toEqual([2, 2, 'requests']);
    // Then the quality reports of the interval are refreshed, session-aware for stocks.
    expect(progress.at(-1)).toMatchObject({ unit: 'series', message: expect.stringMatching(/^quality: /) });
    expect(last.detail?.bars?.done).toBe(504);
  });

  it('1m: fills around polygon-flat bars without touching them; a re-run stores nothing new', async () => {
    const now = Date.parse('2024-10-05T12:00:00Z');
    // polygon-flat bars for the first 120 minutes of the session, written straight into the store.
    // Their values are the real bars of the minute after, so it is visible which source won.
    const chart = recordedYahooChart(AAPL_1M);
    const polygon = { time: new Float64Array(chart.times.slice(0, 120)) } as BarColumns;
    for (const name of ['open', 'high', 'low', 'close', 'volume'] as const) {
      polygon[name] = new Float64Array(chart[name].slice(1, 121).map((v) => v!));
    }
    const aapl = upsertInstrument(
      db,
      { symbol: 'AAPL', venue: 'us', market: 'stock', base: 'AAPL', quote: 'USD' },
      1,
    );
    new BarStore(db).writeBars({
      instrumentId: aapl,
      interval: '1m',
      source: 'polygon-flat',
      rawFileId: null,
      columns: polygon,
    });

    const params = {
      tickers: ['AAPL'],
      interval: '1m',
      from: '2024-10-02',
      to: '2024-10-02',
      endpoints: { yahooUrl: replay.url },
    };
    const { ctx } = testContext(now);
    const summary = await runFetchYahooJob(params, ctx);
    // 391 recorded: one null bar (15:15, among the polygon-flat minutes), one bar after the window
    // (Yahoo's latest, 10-03 20:00). Yahoo had 119 of the 120 polygon-flat minutes.
    expect(summary).toMatchObject({
      barsStored: 389 - 119,
      barsKeptFromBetterSource: 119,
      barsDropped: 2,
      tickersFailed: [],
    });
    const window = charts().filter((r) => r.query.interval === '1m');
    expect(window.map((r) => [r.query.period1, r.query.period2])).toEqual([
      [String(Date.parse('2024-10-02T04:00:00Z') / 1000), String(Date.parse('2024-10-03T04:00:00Z') / 1000)],
    ]);
    // The events come from one daily request from the start of the window up to now.
    expect(
      charts()
        .filter((r) => r.query.interval === '1d')
        .map((r) => r.query.events),
    ).toEqual(['div|split']);

    const stored = bars('AAPL', '1m');
    // The whole session: 390 minutes, the polygon-flat hole-filler at 15:15 included.
    expect(stored.time.length).toBe(390);
    for (const name of ['open', 'high', 'low', 'close', 'volume'] as const) {
      expect([...stored[name].subarray(0, 120)]).toEqual([...polygon[name]]);
    }
    const yahooPart = sliceColumns(stored, 120, 390);
    const at = (t: number) => chart.times.indexOf(t);
    expect([...yahooPart.close]).toEqual([...yahooPart.time].map((t) => chart.close[at(t)]));
    const label = db.prepare('SELECT source FROM bar_chunks WHERE instrument_id = ?').get(aapl) as {
      source: string;
    };
    expect(label.source).toBe('polygon-flat+yahoo');

    // Re-run: the session is complete in the store, so nothing is asked for and nothing changes.
    replay.requests.length = 0;
    const again = await runFetchYahooJob(params, testContext(now).ctx);
    expect(again).toMatchObject({ requests: 0, barsStored: 0, barsKeptFromBetterSource: 0 });
    expect(again.notes).toEqual([
      'AAPL 1m: 1 of 1 requests skipped, their sessions are complete in the store already',
    ]);
    expect(replay.requests).toEqual([]);
    expect([...bars('AAPL', '1m').close]).toEqual([...stored.close]);
  });

  it('a weekend: Yahoo sends a chart with no timestamp; zero bars and a note, not a failure', async () => {
    const { ctx, issues } = testContext(Date.parse('2025-02-03T12:00:00Z'));
    const summary = await runFetchYahooJob(
      {
        tickers: ['AAPL'],
        interval: '1m',
        from: '2025-02-01',
        to: '2025-02-02',
        endpoints: { yahooUrl: replay.url },
      },
      ctx,
    );
    expect(issues).toEqual([]);
    expect(summary.barsStored).toBe(0);
    expect(summary.tickersFailed).toEqual([]);
    expect(summary.notes).toEqual([
      expect.stringMatching(/^AAPL 1m 2025-02-01 05:00\.\.2025-02-03 05:00 UTC: Yahoo sent no bars/),
    ]);
  });

  it('an intraday range older than Yahoo keeps is clipped with a note', async () => {
    const { ctx } = testContext(Date.parse('2024-10-05T12:00:00Z'));
    const summary = await runFetchYahooJob(
      {
        tickers: ['AAPL'],
        interval: '1m',
        from: '2024-08-01',
        to: '2024-10-02',
        endpoints: { yahooUrl: replay.url },
      },
      ctx,
    );
    expect(summary.notes[0]).toMatch(/only the last 30 days of 1m bars; asked from 2024-08-01/);
    expect(charts().filter((r) => r.query.interval === '1m')).toHaveLength(4);
    expect(summary.barsStored).toBe(389);
  });

  it('an unknown ticker (404) and an answer of the wrong shape are issues and tickersFailed; the others are stored', async () => {
    replay.setFaults([
      {
        match: '/chart/NVDA',
        fault: {
          type: 'status',
          status: 200,
          body: WRONG_SHAPE,
        },
      },
    ]);
    const { ctx, issues } = testContext(Date.parse('2025-02-22T12:00:00Z'));
    const summary = await runFetchYahooJob(
      {
        tickers: ['ZZZZ', 'NVDA', 'MSFT'],
        interval: '1d',
        from: '2021-02-01',
        to: '2022-01-31',
        endpoints: { yahooUrl: replay.url },
      },
      ctx,
    );
    expect(summary.tickersFailed).toEqual(['ZZZZ', 'NVDA']);
    expect(summary.barsStored).toBe(252);
    expect(issues.map((i) => i.subject)).toEqual(['ZZZZ (Yahoo 1d)', 'NVDA (Yahoo 1d)']);
    expect(issues[0].message).toMatch(/ZZZZ: not found .*No data found/);
    expect(issues[1].message).toMatch(/NVDA: Yahoo's answer did not have the expected shape \(.*open.*\)/);
  });

  it('fails when every ticker fails (a wrong yahooUrl), with the first reason', async () => {
    const { ctx, issues } = testContext(Date.parse('2025-02-22T12:00:00Z'));
    await expect(
      runFetchYahooJob(
        { tickers: ['MSFT', 'NVDA'], interval: '1d', endpoints: { yahooUrl: 'http://127.0.0.1:9' } },
        ctx,
      ),
    ).rejects.toThrow(
      /every ticker failed \(2\); the first: Yahoo chart 1d .* for MSFT: could not reach http:\/\/127\.0\.0\.1:9/,
    );
    expect(issues).toHaveLength(2);
  });

  it('cancel stops a request in flight and carries the summary so far', async () => {
    replay.setFaults([{ match: '/chart/NVDA', fault: { type: 'delay', ms: 10_000 } }]);
    const { ctx, controller } = testContext(Date.parse('2025-02-22T12:00:00Z'));
    const running = runFetchYahooJob(
      {
        tickers: ['MSFT', 'NVDA'],
        interval: '1d',
        from: '2021-02-01',
        to: '2022-01-31',
        endpoints: { yahooUrl: replay.url },
      },
      ctx,
    );
    const waitFor = async () => {
      while (!replay.requests.some((r) => r.path.endsWith('/NVDA')))
        await new Promise((r) => setTimeout(r, 10));
    };
    await waitFor();
    const started = Date.now();
    controller.abort();
    const error = await running.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobCancelled);
    expect((error as JobCancelled).summary).toMatchObject({ barsStored: 252, requests: 2 });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
