import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Lab } from '../../src/core/lab.js';
import type { Job, NewsFetchSummary } from '../../src/shared/contract/index.js';
import { scoreHeadline } from '../../src/core/news/score-headline.js';
import { openTestLab, waitForJobEnd } from '../helpers/lab-harness.js';
import { tempDir } from '../helpers/paths.js';
import { lastJson, runCli } from '../helpers/run-cli.js';
import { loadRecordedSearches, startYahooReplay, type YahooReplay } from '../helpers/yahoo-replay/index.js';

// Needs `npm run build:node`: jobs run in child-process hosts and the CLI from out/node.

interface RecordedNews {
  uuid: string;
  title: string;
  publisher: string;
  link: string;
  providerPublishTime: number;
  relatedTickers?: string[];
}

/** The headlines of the recorded searches (shared/data/yahoo/search), by uuid, with the ticker searched. */
const recorded = new Map(
  loadRecordedSearches().flatMap((search) =>
    (JSON.parse(search.body).news as RecordedNews[]).map((n) => [n.uuid, { ...n, q: search.q }] as const),
  ),
);

let replay: YahooReplay;
let lab: Lab | undefined;
beforeAll(async () => {
  replay = await startYahooReplay();
});
afterAll(async () => {
  await replay.close();
});
afterEach(async () => {
  await lab?.close();
  lab = undefined;
});

async function fetchNews(l: Lab, tickers: string[]): Promise<Job> {
  const { jobId } = await l.startFetchNews({ tickers });
  return waitForJobEnd(l, jobId);
}

describe('fetch news through the lab (TRADELAB_YAHOO_URL → the replay)', () => {
  it('stores the real headlines with their publish times and scores, once', async () => {
    const opened = await openTestLab(tempDir(), undefined, { env: { TRADELAB_YAHOO_URL: replay.url } });
    lab = opened.lab;

    const first = await fetchNews(lab, ['AAPL', 'AMZN', 'BABA']);
    expect(first.status).toBe('done');
    expect(first.summary).toMatchObject({
      headlinesSeen: 12,
      headlinesStored: 12,
      tickersFailed: [],
      notes: [],
    } satisfies Partial<NewsFetchSummary>);

    const news = await lab.getNews({});
    expect(news).toHaveLength(12);
    const publishTimes = news.map((n) => Date.parse(n.publishedAt));
    expect(publishTimes).toEqual([...publishTimes].sort((a, b) => b - a));
    for (const item of news) {
      const source = recorded.get(item.id)!;
      const score = scoreHeadline(source.title);
      expect(item).toMatchObject({
        title: source.title,
        publisher: source.publisher,
        link: source.link,
        publishedAt: new Date(source.providerPublishTime * 1000).toISOString(),
        sentiment: score.score,
        positiveWords: score.positive,
        negativeWords: score.negative,
      });
      expect(item.tickers).toEqual([...new Set([source.q, ...(source.relatedTickers ?? [])])].sort());
    }
    // The lexicon found something in the real headlines: "Warnings" (AAPL) and "Retreating" (BABA).
    expect(news.filter((n) => n.sentiment < 0).map((n) => n.id)).toEqual([
      '3ecdf3fa-bbb7-3368-931d-5e17857d6684',
      '7092be36-8951-3514-b6cf-6d3b19c36fcb',
    ]);

    const again = await fetchNews(lab, ['AAPL', 'AMZN', 'BABA']);
    expect(again.summary).toMatchObject({ headlinesSeen: 12, headlinesStored: 0 });
    const afterRerun = await lab.getNews({});
    expect(afterRerun.map((n) => [n.id, n.seenAt])).toEqual(news.map((n) => [n.id, n.seenAt]));

    const amzn = await lab.getNews({ ticker: 'AMZN', limit: 3 });
    expect(amzn.map((n) => n.title)).toEqual([
      'Wells Fargo Adjusts Price Target on Amazon.com to $203 From $207, Maintains Equalweight Rating',
      "3 Growth Stocks Wall Street Might Be Sleeping On, but I'm Not",
      'Is Amazon.com, Inc. (AMZN) Among Warren Buffett’s Growth Stock Picks?',
    ]);
    expect((await lab.getNews({ ticker: 'BRK-B' })).map((n) => n.id)).toEqual([
      '3ecdf3fa-bbb7-3368-931d-5e17857d6684',
    ]);
  });
});

describe('tradelab fetch news (CLI)', () => {
  it('--json prints job events and the ended job; the report lists the newest headlines with scores', async () => {
    const dataDir = tempDir();
    const json = await runCli([
      'fetch',
      'news',
      '--tickers',
      'aapl,BABA',
      '--per-ticker',
      '5',
      '--yahoo-url',
      replay.url,
      '--json',
      '--data-dir',
      dataDir,
    ]);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const job = lastJson<Job>(json.stdout);
    expect(job).toMatchObject({
      kind: 'fetch-news',
      status: 'done',
      params: { tickers: ['AAPL', 'BABA'], perTicker: 5 },
    });
    expect(job.summary).toMatchObject({ headlinesSeen: 8, headlinesStored: 8, tickersFailed: [] });
    expect(json.stdout.trim().split('\n').length).toBeGreaterThan(1);

    // Default tickers come from the stockTickers setting (here its environment override).
    const human = await runCli(['fetch', 'news', '--data-dir', dataDir], {
      env: { TRADELAB_YAHOO_URL: replay.url, TRADELAB_STOCK_TICKERS: 'AMZN,BABA' },
    });
    expect(human.code).toBe(0);
    const report = human.stdout.split('\n');
    expect(report[0]).toMatch(
      /^News fetch done: 8 headlines seen, 4 new stored \(4 already known\); \d+ requests?\.$/,
    );
    const listed = report.slice(report.indexOf('Newest headlines (score: lexicon sentiment, −1 to +1):') + 1);
    expect(listed[0]).toBe(
      '  2025-02-25 10:16Z   0.00  AMZN  Wells Fargo Adjusts Price Target on Amazon.com to $203 From $207, Maintains Equalweight R… (MT Newswires)',
    );
    expect(listed).toContain(
      '  2025-02-24 16:26Z  −1.00  BABA  Why Alibaba (BABA) Stock Is Retreating Today (Insider Monkey)',
    );
  });
});
