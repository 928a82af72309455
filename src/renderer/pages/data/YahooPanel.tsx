import { useState, type FormEvent } from 'react';
import { YahooInterval, type JobKind } from '../../../shared/contract/index.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { buildYahooParams, type YahooField } from '../../lib/stock-params.js';
import { formatTickerList } from '../../lib/tickers.js';
import { describeYahooWindow, yahooRangeNote, yahooWindowSentence } from '../../lib/yahoo-windows.js';
import { useLab } from '../../transport/lab-context.js';
import { DayRangeFields } from './DayRangeFields.js';
import { JobFormActions } from './JobFormActions.js';
import { LaunchedJobView } from './LaunchedJobView.js';
import { TickersField } from './TickersField.js';
import { useFieldErrors } from './use-field-errors.js';
import { useJobLauncher } from './use-job-launcher.js';

const YAHOO_KINDS: readonly JobKind[] = ['fetch-yahoo'];

const OPTIONAL_LABELS = { from: 'From (optional)', to: 'To (optional, inclusive)' };

/**
 * Stock and ETF bars from Yahoo Finance charts: the backup and gap filler for the flat files (its
 * bars never replace flat-file bars), plus splits and dividends for the adjusted series. Each
 * interval reaches back only so far; the form says how far and what a longer range turns into.
 */
export function YahooPanel({ defaultTickers }: { defaultTickers: readonly string[] | null }) {
  const { api } = useLab();
  const [tickersText, setTickersText] = useState<string | null>(null);
  const [interval, setIntervalChoice] = useState<YahooInterval>('1d');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const { errors, setErrors, clearError } = useFieldErrors<YahooField>();
  const launcher = useJobLauncher(YAHOO_KINDS, 'the Yahoo fetch');

  const tickers = tickersText ?? formatTickerList(defaultTickers ?? []);
  const rangeNote = yahooRangeNote(interval, from, to, new Date());

  const start = (event: FormEvent) => {
    event.preventDefault();
    const built = buildYahooParams({ tickersText: tickers, interval, from, to });
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    setErrors({});
    launcher.launch(() => api.startFetchYahoo(built.params));
  };

  return (
    <section className="panel" aria-labelledby="yahoo-title">
      <h2 className="panel__title" id="yahoo-title">
        Fetch stock bars from Yahoo Finance (backup and gap filler)
      </h2>
      <form className="fetch-form" onSubmit={start} noValidate>
        <TickersField
          testIdPrefix="yahoo"
          value={tickers}
          error={errors.tickers}
          onChange={(text) => {
            setTickersText(text);
            clearError('tickers');
          }}
        />
        <div className="fetch-form__row">
          <label className="field">
            <span className="field__label">Interval</span>
            <select
              className="input"
              data-testid="yahoo-interval"
              value={interval}
              onChange={(e) => setIntervalChoice(e.target.value as YahooInterval)}
            >
              {YahooInterval.options.map((i) => (
                <option key={i} value={i}>
                  {i} · {describeYahooWindow(i)}
                </option>
              ))}
            </select>
          </label>
          <DayRangeFields
            testIdPrefix="yahoo"
            from={from}
            to={to}
            errors={errors}
            labels={OPTIONAL_LABELS}
            onFrom={(day) => {
              setFrom(day);
              clearError('from');
            }}
            onTo={(day) => {
              setTo(day);
              clearError('to');
            }}
          />
        </div>
        <p className="muted form-hint" data-testid="yahoo-window" data-interval={interval}>
          {yahooWindowSentence(interval)} Empty dates mean as far back as it keeps, up to today. Splits and
          dividends are stored too.
        </p>
        {rangeNote && (
          <p className="form-note" data-testid="yahoo-range-note">
            {rangeNote}
          </p>
        )}
        {errors.form && <ErrorNote message={errors.form} testId="yahoo-form-error" />}
        <JobFormActions launcher={launcher} startLabel="Start Yahoo fetch" testIdPrefix="yahoo" />
      </form>
      <LaunchedJobView launcher={launcher} testIdPrefix="yahoo" />
    </section>
  );
}
