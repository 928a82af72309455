import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src/core/store/migrate.js';
import { storeHeadlines, type NewHeadline } from '../../src/core/store/news-repo.js';
import { scoreHeadline } from '../../src/core/news/score-headline.js';
import { sentimentAt } from '../../src/core/news/sentiment-at.js';
import { FINANCE_LEXICON_VERSION } from '../../src/core/news/finance-lexicon.js';
import { loadRecordedSearches } from '../helpers/yahoo-replay/index.js';

let db: Db;
beforeEach(() => {
  db = new Database(':memory:');
  migrate(db);
});
afterEach(() => db.close());

interface RecordedNews {
  uuid: string;
  title: string;
  publisher: string;
  link: string;
  providerPublishTime: number;
}

/** The 12 headlines of the recorded AAPL, AMZN and BABA searches, scored. */
const recorded: NewHeadline[] = loadRecordedSearches().flatMap((search) =>
  (JSON.parse(search.body).news as RecordedNews[]).map((n) => {
    const score = scoreHeadline(n.title);
    return {
      id: n.uuid,
      title: n.title,
      publisher: n.publisher,
      link: n.link,
      publishedAt: n.providerPublishTime * 1000,
      tickers: [search.q],
      sentiment: score.score,
      positiveWords: score.positive,
      negativeWords: score.negative,
      lexiconVersion: FINANCE_LEXICON_VERSION,
    };
  }),
);
const byId = (id: string) => recorded.find((h) => h.id === id)!;
// BABA: "Why Alibaba (BABA) Stock Is Retreating Today", score −1, 2025-02-24 16:26:18 UTC.
const retreating = byId('7092be36-8951-3514-b6cf-6d3b19c36fcb');
// BABA: "How to Play Alibaba Group Stock After Mixed Q3 Earnings Results", score 0, 13:34:00 UTC.
const mixedQ3 = byId('b93947ae-9d1d-3eb4-a086-190a950f0ff7');
// AAPL: "Warren Buffett Just Gave Investors 3 Big Warnings …", score −1 (AAPL search, BRK-B story).
const warnings = byId('3ecdf3fa-bbb7-3368-931d-5e17857d6684');

const HOUR = 3_600_000;
const window = { lookbackMs: 24 * HOUR, halfLifeMs: 2 * HOUR };
const at = (...times: number[]) => Float64Array.from(times);

describe('sentimentAt', () => {
  it('uses the real headlines and their scores', () => {
    expect(retreating.sentiment).toBe(-1);
    expect(mixedQ3.sentiment).toBe(0);
    expect(warnings.sentiment).toBe(-1);
  });

  it('never lets a headline published at t or later affect the value at t', () => {
    storeHeadlines(db, [mixedQ3, retreating], 1);
    const t = retreating.publishedAt;
    const [before, exactly, after] = sentimentAt(db, 'BABA', at(t - 1, t, t + 1), window);
    // Only mixedQ3 (score 0) is known up to and including t; retreating (−1) counts from t + 1 ms.
    expect(before).toBe(0);
    expect(exactly).toBe(0);
    expect(after).toBeLessThan(0);
  });

  it('changes the value at t when a headline moves from before t to after it', () => {
    const t = retreating.publishedAt + HOUR;
    storeHeadlines(db, [mixedQ3, retreating], 1);
    const known = sentimentAt(db, 'BABA', at(t), window)[0];

    const other = new Database(':memory:');
    migrate(other);
    storeHeadlines(other, [mixedQ3, { ...retreating, publishedAt: t }], 1);
    const shifted = sentimentAt(other, 'BABA', at(t), window)[0];
    other.close();

    expect(known).toBeLessThan(0);
    expect(shifted).toBe(0);
  });

  it('is the 2^(−age / half-life) weighted mean of the scores in [t − lookback, t)', () => {
    storeHeadlines(db, [mixedQ3, retreating], 1);
    const t = retreating.publishedAt + HOUR;
    const w = (p: number) => 2 ** (-(t - p) / window.halfLifeMs);
    const expected =
      (w(mixedQ3.publishedAt) * 0 + w(retreating.publishedAt) * -1) /
      (w(mixedQ3.publishedAt) + w(retreating.publishedAt));
    expect(sentimentAt(db, 'BABA', at(t), window)[0]).toBeCloseTo(expected, 12);
    // Equal weights without decay.
    expect(sentimentAt(db, 'BABA', at(t), { lookbackMs: window.lookbackMs, halfLifeMs: Infinity })[0]).toBe(
      -0.5,
    );
  });

  it('keeps a headline exactly lookback old and drops it one millisecond later', () => {
    storeHeadlines(db, [retreating], 1);
    const edge = retreating.publishedAt + window.lookbackMs;
    const [inside, outside] = sentimentAt(db, 'BABA', at(edge, edge + 1), window);
    expect(inside).toBe(-1);
    expect(outside).toBeNaN();
  });

  it('is NaN without headlines, and counts only the asked ticker', () => {
    storeHeadlines(db, recorded, 1);
    const t = Date.parse('2025-02-26T00:00:00Z');
    expect(sentimentAt(db, 'MSFT', at(t), window)[0]).toBeNaN();
    // Before any BABA headline.
    expect(sentimentAt(db, 'BABA', at(mixedQ3.publishedAt), window)[0]).toBeNaN();
    // AAPL's window holds its four headlines only (scores 0, 0, 0, −1): the mean is below 0.
    expect(sentimentAt(db, 'AAPL', at(t), window)[0]).toBeLessThan(0);
    expect(sentimentAt(db, 'AMZN', at(t), window)[0]).toBe(0);
  });

  it('rejects bar times out of order and a non-positive window', () => {
    expect(() => sentimentAt(db, 'BABA', at(2, 1), window)).toThrow(/non-decreasing \(index 1/);
    expect(() => sentimentAt(db, 'BABA', at(1), { lookbackMs: 0, halfLifeMs: 1 })).toThrow(/lookbackMs/);
    expect(sentimentAt(db, 'BABA', at(), window)).toHaveLength(0);
  });

  it('computes 100k minute bars in one pass and agrees with a direct computation', () => {
    // The 12 recorded headlines repeated every 50 minutes across 100,000 minutes (2,000 headlines).
    const start = Date.parse('2025-01-06T00:00:00Z');
    const headlines: NewHeadline[] = [];
    for (let k = 0; k < 2_000; k++) {
      const source = recorded[k % recorded.length];
      headlines.push({
        ...source,
        id: `${source.id}#${k}`,
        tickers: ['AAPL'],
        publishedAt: start + k * 50 * 60_000 + 17,
      });
    }
    storeHeadlines(db, headlines, 1);
    const times = new Float64Array(100_000);
    for (let i = 0; i < times.length; i++) times[i] = start + i * 60_000;
    const lookback = { lookbackMs: 6 * HOUR, halfLifeMs: HOUR };

    const began = performance.now();
    const values = sentimentAt(db, 'AAPL', times, lookback);
    const elapsed = performance.now() - began;

    expect(elapsed).toBeLessThan(1_000);
    for (let i = 0; i < times.length; i += 997) {
      const t = times[i];
      const inWindow = headlines.filter((h) => h.publishedAt < t && h.publishedAt >= t - lookback.lookbackMs);
      const w = inWindow.map((h) => 2 ** (-(t - h.publishedAt) / lookback.halfLifeMs));
      const direct = inWindow.length
        ? inWindow.reduce((sum, h, k) => sum + w[k] * h.sentiment, 0) / w.reduce((a, b) => a + b, 0)
        : Number.NaN;
      if (Number.isNaN(direct)) expect(values[i]).toBeNaN();
      else expect(values[i]).toBeCloseTo(direct, 12);
    }
  });
});
