import { useState } from 'react';
import type { NewsItem } from '../../../shared/contract/index.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { InlineSelect, plainOptions } from '../../components/Select.js';
import { useLabQuery } from '../../hooks/use-lab-query.js';
import { formatUtc } from '../../lib/format.js';
import { newsFilterChoices } from '../../lib/news-view.js';
import { formatSentiment, sentimentColor, sentimentTitle, sentimentTone } from '../../lib/sentiment.js';

/** Headlines shown at once: the latest, newest first. */
const SHOWN = 100;

/**
 * The latest stored headlines (optionally of one ticker), newest first: publish time, sentiment
 * badge, title, publisher and tickers. Re-read when a news fetch ends.
 */
export function NewsList({ defaultTickers }: { defaultTickers: readonly string[] | null }) {
  const [ticker, setTicker] = useState('');
  const news = useLabQuery(
    (api) => api.getNews(ticker ? { ticker, limit: SHOWN } : { limit: SHOWN }),
    ticker,
    ['fetch-news'],
  );
  const items = news.data ?? [];
  const choices = newsFilterChoices(defaultTickers, [...items.map((i) => i.tickers), ticker ? [ticker] : []]);

  return (
    <div className="news" data-testid="news-list" data-loaded={news.loaded ? 'true' : 'false'}>
      <div className="news__head">
        <h3 className="subhead">Latest headlines</h3>
        <InlineSelect
          label="Ticker"
          testId="news-filter"
          value={ticker}
          options={[{ value: '', label: 'All' }, ...plainOptions(choices)]}
          onChange={setTicker}
        />
      </div>
      {news.error && <ErrorNote message={`Could not load the headlines: ${news.error}`} />}
      {!news.loaded && !news.error && <p className="muted">Loading…</p>}
      {news.loaded && items.length === 0 && (
        <p className="muted" data-testid="news-empty">
          {ticker
            ? `No headlines stored for ${ticker} yet.`
            : 'No headlines stored yet. Fetch headlines above to record them.'}
        </p>
      )}
      {items.length > 0 && (
        <ul className="news__list">
          {items.map((item) => (
            <NewsRow key={item.id} item={item} />
          ))}
        </ul>
      )}
    </div>
  );
}

function NewsRow({ item }: { item: NewsItem }) {
  const tone = sentimentTone(item.sentiment);
  return (
    <li
      className="news-item"
      data-testid="news-item"
      data-id={item.id}
      data-tickers={item.tickers.join(',')}
      data-published-at={item.publishedAt}
    >
      <span
        className="news-item__time num muted"
        title={`Published ${item.publishedAt}, first seen ${item.seenAt}`}
      >
        {formatUtc(item.publishedAt)}
      </span>
      <span
        className={`sentiment-badge sentiment-badge--${tone}`}
        style={{ background: sentimentColor(item.sentiment) }}
        title={sentimentTitle(item)}
        data-testid="news-sentiment"
        data-value={item.sentiment}
        data-tone={tone}
      >
        {formatSentiment(item.sentiment)}
      </span>
      <span className="news-item__title">
        {item.link ? (
          <a href={item.link} target="_blank" rel="noopener noreferrer">
            {item.title}
          </a>
        ) : (
          item.title
        )}
      </span>
      <span className="news-item__meta muted">
        <span data-field="publisher">{item.publisher ?? 'unknown publisher'}</span>
        {item.tickers.length > 0 && <span className="mono"> · {item.tickers.join(' ')}</span>}
      </span>
    </li>
  );
}
