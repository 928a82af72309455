import type { Database } from 'better-sqlite3';
import type { NewsItem, NewsQuery } from '../../shared/contract/index.js';
import { cachedStatement } from './statement-cache.js';

/** A scored headline about to be stored. */
export interface NewHeadline {
  /** The provider's id (Yahoo uuid): a headline is stored once per id. */
  id: string;
  title: string;
  publisher: string | null;
  link: string | null;
  /** When the provider published it, epoch ms. */
  publishedAt: number;
  /** Tickers it is about (upper case); links are added even when the headline is already stored. */
  tickers: string[];
  sentiment: number;
  positiveWords: number;
  negativeWords: number;
  lexiconVersion: string;
}

export interface StoreHeadlinesResult {
  /** Headlines not stored before (their seen_at is this call's). */
  stored: number;
  /** Ticker links added, including new links of headlines stored earlier. */
  tickerLinks: number;
}

/**
 * Stores headlines as the lab first saw them, in one transaction: a headline already stored
 * (same id) keeps its title, times and score untouched, so news_items is a point-in-time record
 * (seen_at = the first time the lab saw it). Only a ticker link it did not have yet is added,
 * with the stored publish time, so a headline met again under another ticker is found there too.
 */
export function storeHeadlines(db: Database, headlines: NewHeadline[], seenAt: number): StoreHeadlinesResult {
  const insertItem = cachedStatement(
    db,
    `INSERT INTO news_items (id, title, publisher, link, published_at, seen_at, sentiment,
       positive_words, negative_words, lexicon_version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
  );
  const linkTicker = cachedStatement(
    db,
    `INSERT INTO news_tickers (ticker, news_id, published_at)
     SELECT ?, id, published_at FROM news_items WHERE id = ? ON CONFLICT DO NOTHING`,
  );
  return db.transaction(() => {
    const result: StoreHeadlinesResult = { stored: 0, tickerLinks: 0 };
    for (const h of headlines) {
      result.stored += insertItem.run(
        h.id,
        h.title,
        h.publisher,
        h.link,
        h.publishedAt,
        seenAt,
        h.sentiment,
        h.positiveWords,
        h.negativeWords,
        h.lexiconVersion,
      ).changes;
      for (const ticker of new Set(h.tickers)) result.tickerLinks += linkTicker.run(ticker, h.id).changes;
    }
    return result;
  })();
}

interface NewsRow {
  id: string;
  title: string;
  publisher: string | null;
  link: string | null;
  published_at: number;
  seen_at: number;
  sentiment: number;
  positive_words: number;
  negative_words: number;
}

const ITEM_COLUMNS =
  'i.id, i.title, i.publisher, i.link, i.published_at, i.seen_at, i.sentiment, i.positive_words, i.negative_words';

/** Stored headlines, newest publish time first; of one ticker when the query names it. */
export function readNews(db: Database, query: NewsQuery): NewsItem[] {
  const limit = query.limit ?? 100;
  const rows = (
    query.ticker
      ? cachedStatement(
          db,
          `SELECT ${ITEM_COLUMNS} FROM news_tickers t JOIN news_items i ON i.id = t.news_id
           WHERE t.ticker = ? ORDER BY t.published_at DESC, t.news_id DESC LIMIT ?`,
        ).all(query.ticker, limit)
      : cachedStatement(
          db,
          `SELECT ${ITEM_COLUMNS} FROM news_items i ORDER BY i.published_at DESC, i.id DESC LIMIT ?`,
        ).all(limit)
  ) as NewsRow[];
  const tickers = tickersOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    tickers: tickers.get(r.id) ?? [],
    title: r.title,
    publisher: r.publisher,
    link: r.link,
    publishedAt: new Date(r.published_at).toISOString(),
    seenAt: new Date(r.seen_at).toISOString(),
    sentiment: r.sentiment,
    positiveWords: r.positive_words,
    negativeWords: r.negative_words,
  }));
}

/** The tickers of these headlines, sorted, in one pass over news_tickers. */
function tickersOf(db: Database, ids: string[]): Map<string, string[]> {
  const byId = new Map<string, string[]>();
  if (ids.length === 0) return byId;
  const rows = cachedStatement(
    db,
    `SELECT news_id, ticker FROM news_tickers WHERE news_id IN (SELECT value FROM json_each(?))
     ORDER BY ticker`,
  ).all(JSON.stringify(ids)) as { news_id: string; ticker: string }[];
  for (const { news_id, ticker } of rows) {
    const list = byId.get(news_id);
    if (list) list.push(ticker);
    else byId.set(news_id, [ticker]);
  }
  return byId;
}

/** Publish times (epoch ms, ascending) and scores of a ticker's headlines published in [from, to). */
export function readTickerSentiments(
  db: Database,
  ticker: string,
  from: number,
  to: number,
): { publishedAt: Float64Array; sentiment: Float64Array } {
  const rows = cachedStatement(
    db,
    `SELECT t.published_at AS p, i.sentiment AS s FROM news_tickers t JOIN news_items i ON i.id = t.news_id
     WHERE t.ticker = ? AND t.published_at >= ? AND t.published_at < ? ORDER BY t.published_at`,
  )
    .raw()
    .all(ticker, from, to) as [number, number][];
  const publishedAt = new Float64Array(rows.length);
  const sentiment = new Float64Array(rows.length);
  rows.forEach(([p, s], k) => {
    publishedAt[k] = p;
    sentiment[k] = s;
  });
  return { publishedAt, sentiment };
}
