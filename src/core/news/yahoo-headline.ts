import { StockTicker } from '../../shared/contract/index.js';
import type { YahooNewsHeadline } from '../ingest/yahoo/yahoo-client.js';
import type { NewHeadline } from '../store/news-repo.js';
import { FINANCE_LEXICON_VERSION } from './finance-lexicon.js';
import { scoreHeadline } from './score-headline.js';

export type SkipReason = 'no id' | 'no title' | 'no publish time';

/**
 * A Yahoo search headline as the lab stores it: scored, about the queried ticker plus Yahoo's
 * related tickers (those written as stock tickers: "BRK-B" stays, "^GSPC" or "ES=F" do not).
 * A headline without an id, a title or a valid publish time cannot be a point-in-time record
 * (it could not be told apart from others, scored, or placed before a bar) and is skipped.
 */
export function toStoredHeadline(item: YahooNewsHeadline, queriedTicker: string): NewHeadline | SkipReason {
  const id = item.uuid?.trim();
  if (!id) return 'no id';
  const title = item.title?.trim();
  if (!title) return 'no title';
  if (!Number.isFinite(item.publishedAt)) return 'no publish time';
  const related = (item.relatedTickers ?? [])
    .map((t) => t.trim().toUpperCase())
    .filter((t) => StockTicker.safeParse(t).success);
  const score = scoreHeadline(title);
  return {
    id,
    title,
    publisher: item.publisher?.trim() || null,
    link: item.link?.trim() || null,
    publishedAt: item.publishedAt,
    tickers: [...new Set([queriedTicker, ...related])],
    sentiment: score.score,
    positiveWords: score.positive,
    negativeWords: score.negative,
    lexiconVersion: FINANCE_LEXICON_VERSION,
  };
}
