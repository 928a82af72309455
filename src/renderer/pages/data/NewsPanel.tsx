import { useState, type FormEvent } from 'react';
import type { JobKind } from '../../../shared/contract/index.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { buildNewsParams, type NewsField } from '../../lib/stock-params.js';
import { formatTickerList } from '../../lib/tickers.js';
import { useLab } from '../../transport/lab-context.js';
import { errorProps, FieldError } from './FieldError.js';
import { JobFormActions } from './JobFormActions.js';
import { LaunchedJobView } from './LaunchedJobView.js';
import { NewsList } from './NewsList.js';
import { TickersField } from './TickersField.js';
import { useFieldErrors } from './use-field-errors.js';
import { useJobLauncher } from './use-job-launcher.js';

const NEWS_KINDS: readonly JobKind[] = ['fetch-news'];

/**
 * Recent headlines per ticker from Yahoo search, stored as point-in-time records (first seen
 * once, never edited) with a finance-lexicon sentiment score, and the latest ones listed below.
 */
export function NewsPanel({ defaultTickers }: { defaultTickers: readonly string[] | null }) {
  const { api } = useLab();
  const [tickersText, setTickersText] = useState<string | null>(null);
  const [perTicker, setPerTicker] = useState('20');
  const { errors, setErrors, clearError } = useFieldErrors<NewsField>();
  const launcher = useJobLauncher(NEWS_KINDS, 'the news fetch');

  const tickers = tickersText ?? formatTickerList(defaultTickers ?? []);

  const start = (event: FormEvent) => {
    event.preventDefault();
    const built = buildNewsParams({ tickersText: tickers, perTicker });
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    setErrors({});
    launcher.launch(() => api.startFetchNews(built.params));
  };

  return (
    <section className="panel" aria-labelledby="news-title">
      <h2 className="panel__title" id="news-title">
        News and sentiment
      </h2>
      <form className="fetch-form" onSubmit={start} noValidate>
        <div className="fetch-form__row">
          <div className="field--grow">
            <TickersField
              testIdPrefix="news"
              value={tickers}
              error={errors.tickers}
              onChange={(text) => {
                setTickersText(text);
                clearError('tickers');
              }}
            />
          </div>
          <label className="field fetch-form__narrow">
            <span className="field__label">Headlines per ticker</span>
            <input
              type="number"
              className="input"
              min={1}
              max={100}
              step={1}
              data-testid="news-per-ticker"
              value={perTicker}
              onChange={(e) => {
                setPerTicker(e.target.value);
                clearError('perTicker');
              }}
              {...errorProps('news-per-ticker-error', errors.perTicker)}
            />
            <FieldError id="news-per-ticker-error" message={errors.perTicker} />
          </label>
        </div>
        {errors.form && <ErrorNote message={errors.form} testId="news-form-error" />}
        <JobFormActions launcher={launcher} startLabel="Fetch headlines" testIdPrefix="news" />
      </form>
      <LaunchedJobView launcher={launcher} testIdPrefix="news" />
      <NewsList defaultTickers={defaultTickers} />
    </section>
  );
}
