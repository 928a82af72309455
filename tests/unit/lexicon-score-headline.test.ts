import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scoreHeadline } from '../../src/core/news/score-headline.js';
import { tokenizeHeadline } from '../../src/core/news/headline-tokens.js';
import { dataPath } from '../helpers/paths.js';

/** Headline titles of a recorded yahoo-finance2 search fixture, by uuid. */
function searchTitles(ticker: string): Map<string, string> {
  const recorded = JSON.parse(fs.readFileSync(dataPath('yahoo', 'search', `search-${ticker}.json`), 'utf8'));
  const body = recorded.response.bodyJson ?? JSON.parse(recorded.response.body);
  return new Map((body.news as { uuid: string; title: string }[]).map((n) => [n.uuid, n.title]));
}

/** Item titles of the recorded Yahoo News RSS sample (general news, not finance). */
function rssTitles(): string[] {
  const xml = fs.readFileSync(dataPath('yahoo', 'rss', 'yahoo-news-rss-2021-10-03.xml'), 'latin1');
  return [...xml.matchAll(/<item>[\s\S]*?<title>([^<]*)<\/title>/g)].map((m) => m[1].replace(/&amp;/g, '&'));
}

const summary = (title: string) => {
  const { score, positive, negative } = scoreHeadline(title);
  return { score, positive, negative };
};

describe('tokenizeHeadline', () => {
  it('keeps apostrophes and hyphens inside words, lower-cases, drops punctuation', () => {
    expect(tokenizeHeadline("Apple’s Q3 Isn't a Write-Down: $500B (AAPL)!")).toEqual([
      "apple's",
      'q3',
      "isn't",
      'a',
      'write-down',
      '500b',
      'aapl',
    ]);
  });
});

describe('scoreHeadline on recorded Yahoo headlines', () => {
  it('scores the AAPL search headlines', () => {
    const titles = searchTitles('AAPL');
    expect(summary(titles.get('57ea9c09-0c99-3adf-9062-fecfdbe472cc')!)).toEqual({
      score: 0,
      positive: 0,
      negative: 0,
    });
    // "… to lift iPhone 16 ban": one hit each way, a word list cannot tell the ban is what lifts.
    expect(summary(titles.get('bfb8b663-081c-3c2b-84e3-df8fff2c37d8')!)).toEqual({
      score: 0,
      positive: 1,
      negative: 1,
    });
    // "Warren Buffett Just Gave Investors 3 Big Warnings About the Stock Market"
    expect(summary(titles.get('3ecdf3fa-bbb7-3368-931d-5e17857d6684')!)).toEqual({
      score: -1,
      positive: 0,
      negative: 1,
    });
  });

  it('scores the BABA search headlines', () => {
    const titles = searchTitles('BABA');
    // "Why Alibaba (BABA) Stock Is Retreating Today"
    expect(scoreHeadline(titles.get('7092be36-8951-3514-b6cf-6d3b19c36fcb')!)).toMatchObject({
      score: -1,
      hits: [{ word: 'retreating', sense: 'negative', negated: false }],
    });
    // "… After Mixed Q3 Earnings Results": no lexicon word.
    expect(summary(titles.get('b93947ae-9d1d-3eb4-a086-190a950f0ff7')!).score).toBe(0);
  });

  it('does not read "but I\'m Not" at the end of an AMZN headline as a negation of anything', () => {
    const titles = searchTitles('AMZN');
    expect(summary(titles.get('f8f29402-b6d8-38c2-8f16-a18bd7f1954c')!)).toEqual({
      score: 0,
      positive: 0,
      negative: 0,
    });
  });

  it('scores real RSS headlines, negation included', () => {
    const titles = rssTitles();
    const slump = titles.find((t) => t.startsWith('US auto sales slump'))!;
    expect(scoreHeadline(slump)).toMatchObject({ score: -1, negative: 3 }); // slump, stalled, shortage
    const jackpot = titles.find((t) => t.startsWith('No winner'))!;
    expect(scoreHeadline(jackpot)).toMatchObject({
      score: -1,
      hits: [{ word: 'winner', sense: 'negative', negated: true }],
    });
  });
});

describe('scoreHeadline on hand cases', () => {
  it('is (pos − neg) / (pos + neg), and 0 without hits', () => {
    expect(summary('Nvidia beats estimates, shares surge to record')).toEqual({
      score: 1,
      positive: 3,
      negative: 0,
    });
    expect(summary('Boeing plunges after recall and lawsuit')).toEqual({
      score: -1,
      positive: 0,
      negative: 3,
    });
    expect(summary('Profit jumps but guidance disappoints')).toEqual({
      score: 1 / 3,
      positive: 2,
      negative: 1,
    });
    expect(summary('Apple to hold annual meeting on Tuesday')).toEqual({
      score: 0,
      positive: 0,
      negative: 0,
    });
    expect(summary('')).toEqual({ score: 0, positive: 0, negative: 0 });
  });

  it('flips a hit with a negator among the 3 tokens before it, and not further back', () => {
    expect(summary('Tesla did not beat estimates').score).toBe(-1);
    expect(summary('No downgrade for Apple').score).toBe(1);
    expect(summary('Margins never recovered').score).toBe(-1);
    expect(summary('Merger closes without lawsuit').score).toBe(1);
    expect(summary("Intel doesn't miss this time").score).toBe(1);
    // The hit is the 4th token after the negator: out of reach.
    expect(summary('Not a big enough surge').score).toBe(1);
    // Exactly three tokens before: in reach ("not", "a", "quarterly" precede "profit").
    expect(summary('Not a quarterly profit').score).toBe(-1);
  });

  it('reads "fails to" as a negator, not as a negative word of its own', () => {
    expect(scoreHeadline('Amazon fails to beat estimates')).toMatchObject({
      score: -1,
      positive: 0,
      negative: 1,
      hits: [{ word: 'beat', sense: 'negative', negated: true }],
    });
    expect(summary('Drug trial failed to show improvement').negative).toBe(1);
    // "fails" without "to" is a negative word.
    expect(summary('Bank fails').score).toBe(-1);
  });

  it('matches hyphenated entries whole and other hyphenated tokens by their parts', () => {
    expect(summary('Record-low orders').score).toBe(-1);
    expect(summary('Record-high orders').score).toBe(1);
    expect(summary('Better-than-expected sales').score).toBe(1);
    expect(summary('Oil major takes write-down').score).toBe(-1);
    expect(summary('Profit-taking hits chip stocks')).toMatchObject({ positive: 1 });
  });

  it('drops a possessive before lookup and reads typographic apostrophes', () => {
    expect(summary('Recovery’s pace surprises').score).toBe(1);
    expect(summary('Apple isn’t in a slump').score).toBe(1);
  });
});
