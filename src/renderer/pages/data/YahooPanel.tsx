import { useState } from 'react';
import { YahooInterval, type JobKind } from '../../../shared/contract/index.js';
import { Select } from '../../components/Select.js';
import { buildYahooParams, type YahooField } from '../../lib/stock-params.js';
import { describeYahooWindow, yahooRangeNote, yahooWindowSentence } from '../../lib/yahoo-windows.js';
import { useLab } from '../../transport/lab-context.js';
import { DayRangeFields } from './DayRangeFields.js';
import { FormField } from './FieldError.js';
import { JobFormPanel } from './JobFormPanel.js';
import { TickersField, useTickersText } from './TickersField.js';
import { useJobForm } from './use-job-form.js';

const YAHOO_KINDS: readonly JobKind[] = ['fetch-yahoo'];

const OPTIONAL_LABELS = { from: 'From (optional)', to: 'To (optional, inclusive)' };

/** Each interval with how far back Yahoo keeps it: "1d · …". */
const INTERVAL_OPTIONS = YahooInterval.options.map((i) => ({
  value: i,
  label: `${i} · ${describeYahooWindow(i)}`,
}));

/**
 * Stock and ETF bars from Yahoo Finance charts: the backup and gap filler for the flat files (its
 * bars never replace flat-file bars), plus splits and dividends for the adjusted series. Each
 * interval reaches back only so far; the form says how far and what a longer range turns into.
 */
export function YahooPanel({ defaultTickers }: { defaultTickers: readonly string[] | null }) {
  const { api } = useLab();
  const [tickers, setTickersText] = useTickersText(defaultTickers);
  const [interval, setIntervalChoice] = useState<YahooInterval>('1d');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const { errors, editing, launcher, submitWith } = useJobForm<YahooField>(YAHOO_KINDS, 'the Yahoo fetch');

  const rangeNote = yahooRangeNote(interval, from, to, new Date());

  const start = submitWith(
    () => buildYahooParams({ tickersText: tickers, interval, from, to }),
    (params) => api.startFetchYahoo(params),
  );

  return (
    <JobFormPanel
      testIdPrefix="yahoo"
      title="Fetch stock bars from Yahoo Finance (backup and gap filler)"
      startLabel="Start Yahoo fetch"
      launcher={launcher}
      formError={errors.form}
      onSubmit={start}
    >
      <TickersField
        testIdPrefix="yahoo"
        value={tickers}
        error={errors.tickers}
        onChange={editing('tickers', setTickersText)}
      />
      <div className="fetch-form__row">
        <FormField label="Interval">
          <Select
            testId="yahoo-interval"
            value={interval}
            options={INTERVAL_OPTIONS}
            onChange={setIntervalChoice}
          />
        </FormField>
        <DayRangeFields
          testIdPrefix="yahoo"
          from={from}
          to={to}
          errors={errors}
          labels={OPTIONAL_LABELS}
          onFrom={editing('from', setFrom)}
          onTo={editing('to', setTo)}
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
    </JobFormPanel>
  );
}
