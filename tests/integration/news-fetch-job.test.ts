import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { NewsFetchSummary } from '../../src/shared/contract/index.js';
import { JobCancelled } from '../../src/core/jobs/job-context.js';
import { runFetchNewsJob } from '../../src/core/news/fetch-news-job.js';
import { migrate } from '../../src/core/store/migrate.js';
import { readNews } from '../../src/core/store/news-repo.js';
import { testJobContext } from '../helpers/job-context.js';
import { startYahooReplay, type YahooReplay } from '../helpers/yahoo-replay/index.js';

let replay: YahooReplay;
let db: Db;
beforeAll(async () => {
  replay = await startYahooReplay();
});
afterAll(async () => {
  await replay.close();
});
beforeEach(() => {
  db = new Database(':memory:');
  migrate(db);
  replay.requests.length = 0;
});
afterEach(() => {
  replay.setFaults([]);
  db.close();
});

const SEEN = Date.parse('2025-02-25T12:00:00Z');

const testContext = () => testJobContext({ db, now: SEEN });

const params = (tickers: string[], perTicker = 4) => ({
  tickers,
  perTicker,
  endpoints: { yahooUrl: replay.url },
});
const searches = () => replay.requests.filter((r) => r.path === '/v1/finance/search');

describe('fetch-news job against the Yahoo replay', () => {
  it('asks one search per ticker with newsCount = perTicker, and reports progress per ticker', async () => {
    const { ctx, progress } = testContext();
    const summary = await runFetchNewsJob(params(['AAPL', 'BABA'], 7), ctx);
    expect(searches().map((r) => [r.query.q, r.query.newsCount])).toEqual([
      ['AAPL', '7'],
      ['BABA', '7'],
    ]);
    expect(summary).toEqual({
      requests: replay.requests.length,
      headlinesStored: 8,
      headlinesSeen: 8,
      tickersFailed: [],
      notes: [],
    } satisfies NewsFetchSummary);
    expect(progress.map((p) => [p.done, p.total, p.unit])).toEqual([
      [0, 2, 'tickers'],
      [1, 2, 'tickers'],
      [2, 2, 'tickers'],
    ]);
    expect(progress[1].message).toBe('AAPL: 4 headlines, 4 new');
    expect(progress[2].etaSeconds).toBe(0);
  });

  it('reports a failing ticker as an issue and goes on with the others', async () => {
    replay.setFaults([{ match: 'q=AMZN', fault: { type: 'status', status: 500 } }]);
    const { ctx, issues } = testContext();
    const summary = await runFetchNewsJob(params(['AMZN', 'BABA']), ctx);
    expect(summary.tickersFailed).toEqual(['AMZN']);
    expect(summary.headlinesStored).toBe(4);
    expect(issues).toHaveLength(1);
    expect(issues[0].subject).toBe('AMZN');
    expect(issues[0].message).toMatch(/AMZN.*500/);
    expect(readNews(db, { ticker: 'AMZN', limit: 100 })).toEqual([]);
  });

  it('fails the job when every ticker fails, with the first reason', async () => {
    replay.setFaults([{ match: '/v1/finance/search', fault: { type: 'status', status: 503 } }]);
    const { ctx, issues } = testContext();
    await expect(runFetchNewsJob(params(['AAPL', 'BABA']), ctx)).rejects.toThrow(
      /^every ticker failed \(2\); the first: Yahoo search for AAPL.*503/,
    );
    expect(issues.map((i) => i.subject)).toEqual(['AAPL', 'BABA']);
  });

  it('stores nothing for a ticker Yahoo has no news for', async () => {
    const { ctx, issues } = testContext();
    const summary = await runFetchNewsJob(params(['ZZZZ']), ctx);
    expect(summary).toMatchObject({ headlinesSeen: 0, headlinesStored: 0, tickersFailed: [] });
    expect(issues).toEqual([]);
  });

  it('stops with the summary so far when cancelled during a search', async () => {
    replay.setFaults([{ match: 'q=BABA', fault: { type: 'delay', ms: 5_000 } }]);
    const { ctx, controller } = testContext();
    const running = runFetchNewsJob(params(['AAPL', 'BABA', 'AMZN']), ctx);
    const waitFor = async () => {
      while (!searches().some((r) => r.query.q === 'BABA')) await new Promise((r) => setTimeout(r, 10));
    };
    await waitFor();
    controller.abort();
    const began = Date.now();
    const error = await running.catch((e: unknown) => e);
    expect(Date.now() - began).toBeLessThan(2_000);
    expect(error).toBeInstanceOf(JobCancelled);
    expect((error as JobCancelled).summary).toMatchObject({ headlinesStored: 4, tickersFailed: [] });
    expect(searches().some((r) => r.query.q === 'AMZN')).toBe(false);
  });
});
