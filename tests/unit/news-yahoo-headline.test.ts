import { describe, expect, it } from 'vitest';
import type { YahooNewsHeadline } from '../../src/core/ingest/yahoo/yahoo-client.js';
import { FINANCE_LEXICON_VERSION } from '../../src/core/news/finance-lexicon.js';
import { toStoredHeadline } from '../../src/core/news/yahoo-headline.js';
import { loadRecordedSearches } from '../helpers/yahoo-replay/index.js';

/** A recorded AAPL search headline in the Yahoo client's shape. */
function recorded(uuid: string): YahooNewsHeadline {
  const search = loadRecordedSearches().find((s) => s.q === 'AAPL')!;
  const item = JSON.parse(search.body).news.find((n: { uuid: string }) => n.uuid === uuid);
  return {
    uuid: item.uuid,
    title: item.title,
    publisher: item.publisher,
    link: item.link,
    publishedAt: item.providerPublishTime * 1000,
    relatedTickers: item.relatedTickers,
  };
}

// "Warren Buffett Just Gave Investors 3 Big Warnings About the Stock Market", found by an AAPL
// search although Yahoo relates it to BRK-B only.
const buffett = recorded('3ecdf3fa-bbb7-3368-931d-5e17857d6684');

describe('toStoredHeadline', () => {
  it('scores the title and links the queried ticker and the related ones', () => {
    expect(toStoredHeadline(buffett, 'AAPL')).toEqual({
      id: '3ecdf3fa-bbb7-3368-931d-5e17857d6684',
      title: 'Warren Buffett Just Gave Investors 3 Big Warnings About the Stock Market',
      publisher: 'Motley Fool',
      link: 'https://finance.yahoo.com/m/3ecdf3fa-bbb7-3368-931d-5e17857d6684/warren-buffett-just-gave.html',
      publishedAt: Date.parse('2025-02-25T09:52:00Z'),
      tickers: ['AAPL', 'BRK-B'],
      sentiment: -1,
      positiveWords: 0,
      negativeWords: 1,
      lexiconVersion: FINANCE_LEXICON_VERSION,
    });
  });

  it('keeps only related tickers written as stock tickers, once', () => {
    const stored = toStoredHeadline(
      { ...buffett, relatedTickers: ['brk-b', '^GSPC', 'ES=F', 'AAPL'] },
      'AAPL',
    );
    expect(stored).toMatchObject({ tickers: ['AAPL', 'BRK-B'] });
  });

  it('skips a headline without an id, a title or a publish time', () => {
    expect(toStoredHeadline({ ...buffett, uuid: '' }, 'AAPL')).toBe('no id');
    expect(toStoredHeadline({ ...buffett, title: '  ' }, 'AAPL')).toBe('no title');
    expect(toStoredHeadline({ ...buffett, publishedAt: Number.NaN }, 'AAPL')).toBe('no publish time');
  });

  it('stores a missing publisher or link as null', () => {
    expect(toStoredHeadline({ ...buffett, publisher: null, link: '' }, 'AAPL')).toMatchObject({
      publisher: null,
      link: null,
    });
  });
});
