import { useState } from 'react';
import { FuturesDataKind, type JobKind } from '../../../shared/contract/index.js';
import { buildFuturesParams, defaultFuturesKinds, type FuturesField } from '../../lib/fetch-params.js';
import { useLab } from '../../transport/lab-context.js';
import { CheckboxGroup } from './CheckboxGroup.js';
import { DayRangeFields } from './DayRangeFields.js';
import { controlProps, FormField } from './FieldError.js';
import { JobFormPanel } from './JobFormPanel.js';
import { useJobForm } from './use-job-form.js';

const FUTURES_KINDS: readonly JobKind[] = ['fetch-binance-futures'];

const KIND_LABELS: Record<FuturesDataKind, string> = {
  funding: 'Funding rates',
  metrics: 'Metrics (long/short ratios, taker volume)',
  oi: 'Open interest',
  premium: 'Premium index',
};

const DAY_MS = 86_400_000;
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * USD-M futures data besides klines (funding, metrics, open interest, premium) for some symbols.
 * Downloads run `defaultConcurrency` files at once (the lab's setting; the contract default until known).
 */
export function FuturesPanel({ defaultConcurrency }: { defaultConcurrency: number | null }) {
  const { api } = useLab();
  const [symbolsText, setSymbolsText] = useState('');
  const [what, setWhat] = useState<readonly FuturesDataKind[]>(defaultFuturesKinds);
  const [from, setFrom] = useState(() => utcDay(Date.now() - 365 * DAY_MS));
  const [to, setTo] = useState(() => utcDay(Date.now()));
  const { errors, clearError, editing, launcher, submitWith } = useJobForm<FuturesField>(
    FUTURES_KINDS,
    'the futures fetch',
  );

  const start = submitWith(
    () => buildFuturesParams({ symbolsText, what, from, to }, defaultConcurrency ?? undefined),
    (params) => api.startFetchBinanceFutures(params),
  );

  return (
    <JobFormPanel
      testIdPrefix="futures"
      title="Fetch USD-M futures data"
      startLabel="Start futures fetch"
      launcher={launcher}
      formError={errors.form}
      onSubmit={start}
    >
      <div className="fetch-form__row">
        <FormField
          className="field field--grow"
          label="Symbols (comma or space separated)"
          id="futures-symbols"
          error={errors.symbols}
        >
          <input
            className="input mono"
            spellCheck={false}
            placeholder="BTCUSDT ETHUSDT"
            value={symbolsText}
            onChange={(e) => {
              setSymbolsText(e.target.value);
              clearError('symbols');
            }}
            {...controlProps('futures-symbols', errors.symbols)}
          />
        </FormField>
        <DayRangeFields
          testIdPrefix="futures"
          from={from}
          to={to}
          errors={errors}
          onFrom={editing('from', setFrom)}
          onTo={editing('to', setTo)}
        />
      </div>
      <CheckboxGroup
        legend="Data"
        options={FuturesDataKind.options}
        labels={KIND_LABELS}
        value={what}
        onChange={editing('what', setWhat)}
        testIdPrefix="futures-what"
        errorId="futures-what-error"
        error={errors.what}
      />
    </JobFormPanel>
  );
}
