import { useState } from 'react';
import type { JobKind } from '../../../shared/contract/index.js';
import { buildNewsParams, type NewsField } from '../../lib/stock-params.js';
import { useLab } from '../../transport/lab-context.js';
import { controlProps, FormField } from './FieldError.js';
import { JobFormPanel } from './JobFormPanel.js';
import { NewsList } from './NewsList.js';
import { TickersField, useTickersText } from './TickersField.js';
import { useJobForm } from './use-job-form.js';

const NEWS_KINDS: readonly JobKind[] = ['fetch-news'];

/**
 * Recent headlines per ticker from Yahoo search, stored as point-in-time records (first seen
 * once, never edited) with a finance-lexicon sentiment score, and the latest ones listed below.
 */
export function NewsPanel({ defaultTickers }: { defaultTickers: readonly string[] | null }) {
  const { api } = useLab();
  const [tickers, setTickersText] = useTickersText(defaultTickers);
  const [perTicker, setPerTicker] = useState('20');
  const { errors, clearError, editing, launcher, submitWith } = useJobForm<NewsField>(
    NEWS_KINDS,
    'the news fetch',
  );

  const start = submitWith(
    () => buildNewsParams({ tickersText: tickers, perTicker }),
    (params) => api.startFetchNews(params),
  );

  return (
    <JobFormPanel
      testIdPrefix="news"
      title="News and sentiment"
      startLabel="Fetch headlines"
      launcher={launcher}
      formError={errors.form}
      onSubmit={start}
      after={<NewsList defaultTickers={defaultTickers} />}
    >
      <div className="fetch-form__row">
        <div className="field--grow">
          <TickersField
            testIdPrefix="news"
            value={tickers}
            error={errors.tickers}
            onChange={editing('tickers', setTickersText)}
          />
        </div>
        <FormField
          className="field fetch-form__narrow"
          label="Headlines per ticker"
          id="news-per-ticker"
          error={errors.perTicker}
        >
          <input
            type="number"
            className="input"
            min={1}
            max={100}
            step={1}
            value={perTicker}
            onChange={(e) => {
              setPerTicker(e.target.value);
              clearError('perTicker');
            }}
            {...controlProps('news-per-ticker', errors.perTicker)}
          />
        </FormField>
      </div>
    </JobFormPanel>
  );
}
