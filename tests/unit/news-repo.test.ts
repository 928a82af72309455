import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NewsItem } from '../../src/shared/contract/index.js';
import { migrate } from '../../src/core/store/migrate.js';
import { readNews, storeHeadlines, type NewHeadline } from '../../src/core/store/news-repo.js';
import { dataPath } from '../helpers/paths.js';

let db: Db;
beforeEach(() => {
  db = new Database(':memory:');
  migrate(db);
});
afterEach(() => db.close());

/** A headline of a recorded Yahoo search fixture (shared/data/yahoo/search), unscored. */
function recordedHeadline(ticker: string, uuid: string): NewHeadline {
  const recorded = JSON.parse(fs.readFileSync(dataPath('yahoo', 'search', `search-${ticker}.json`), 'utf8'));
  const body = recorded.response.bodyJson ?? JSON.parse(recorded.response.body);
  const item = body.news.find((n: { uuid: string }) => n.uuid === uuid);
  return {
    id: item.uuid,
    title: item.title,
    publisher: item.publisher,
    link: item.link,
    publishedAt: item.providerPublishTime * 1000,
    tickers: item.relatedTickers,
    sentiment: 0,
    positiveWords: 0,
    negativeWords: 0,
    lexiconVersion: 'v-test',
  };
}

// "Wells Fargo Adjusts Price Target on Amazon.com …" (AMZN) and "3 Growth Stocks Wall Street
// Might Be Sleeping On, but I'm Not" (AMZN, ELF, PM), published 2025-02-25 10:16:38 and 08:45 UTC.
const wellsFargo = recordedHeadline('AMZN', '8ebe49b5-d64d-3362-b53c-2e66b6ccfc58');
const growthStocks = { ...recordedHeadline('AMZN', 'f8f29402-b6d8-38c2-8f16-a18bd7f1954c'), link: null };
const SEEN = Date.parse('2025-02-25T12:00:00Z');

describe('news repository', () => {
  it('stores headlines with their tickers and reads them newest first', () => {
    expect(storeHeadlines(db, [growthStocks, wellsFargo], SEEN)).toEqual({ stored: 2, tickerLinks: 4 });
    const news = readNews(db, { limit: 100 });
    expect(news.map((n) => n.id)).toEqual([wellsFargo.id, growthStocks.id]);
    expect(news[1]).toEqual({
      id: growthStocks.id,
      tickers: ['AMZN', 'ELF', 'PM'],
      title: "3 Growth Stocks Wall Street Might Be Sleeping On, but I'm Not",
      publisher: 'Motley Fool',
      link: null,
      publishedAt: '2025-02-25T08:45:00.000Z',
      seenAt: '2025-02-25T12:00:00.000Z',
      sentiment: 0,
      positiveWords: 0,
      negativeWords: 0,
    });
    for (const item of news) expect(NewsItem.safeParse(item).success).toBe(true);
    expect(db.prepare('SELECT lexicon_version FROM news_items LIMIT 1').pluck().get()).toBe('v-test');
  });

  it('filters by ticker and honours the limit', () => {
    storeHeadlines(db, [growthStocks, wellsFargo], SEEN);
    expect(readNews(db, { ticker: 'ELF', limit: 100 }).map((n) => n.id)).toEqual([growthStocks.id]);
    expect(readNews(db, { ticker: 'AMZN', limit: 1 }).map((n) => n.id)).toEqual([wellsFargo.id]);
    expect(readNews(db, { ticker: 'AMZN', limit: 1 })[0].tickers).toEqual(['AMZN']);
    expect(readNews(db, { ticker: 'MSFT', limit: 100 })).toEqual([]);
  });

  it('never edits a stored headline: a second sighting keeps seen_at, title and score, adds only new ticker links', () => {
    storeHeadlines(db, [wellsFargo], SEEN);
    const later = SEEN + 3_600_000;
    const again = storeHeadlines(
      db,
      [
        {
          ...wellsFargo,
          title: 'edited title',
          sentiment: 1,
          positiveWords: 1,
          publishedAt: 1,
          tickers: ['AMZN', 'WFC'],
        },
      ],
      later,
    );
    expect(again).toEqual({ stored: 0, tickerLinks: 1 });
    const [item] = readNews(db, { ticker: 'WFC', limit: 10 });
    expect(item).toMatchObject({
      title: wellsFargo.title,
      seenAt: new Date(SEEN).toISOString(),
      publishedAt: new Date(wellsFargo.publishedAt).toISOString(),
      sentiment: 0,
      tickers: ['AMZN', 'WFC'],
    });
    // The new link carries the stored publish time, not the one of the second sighting.
    expect(db.prepare("SELECT published_at FROM news_tickers WHERE ticker = 'WFC'").pluck().get()).toBe(
      wellsFargo.publishedAt,
    );
  });
});
