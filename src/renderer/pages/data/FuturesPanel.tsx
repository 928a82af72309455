import { useState, type FormEvent } from 'react';
import { FuturesDataKind, type JobKind } from '../../../shared/contract/index.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { buildFuturesParams, defaultFuturesKinds, type FuturesField } from '../../lib/fetch-params.js';
import { useLab } from '../../transport/lab-context.js';
import { DayRangeFields } from './DayRangeFields.js';
import { errorProps, FieldError } from './FieldError.js';
import { JobFormActions } from './JobFormActions.js';
import { LaunchedJobView } from './LaunchedJobView.js';
import { useFieldErrors } from './use-field-errors.js';
import { useJobLauncher } from './use-job-launcher.js';

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
  const { errors, setErrors, clearError } = useFieldErrors<FuturesField>();
  const launcher = useJobLauncher(FUTURES_KINDS, 'the futures fetch');

  const toggle = (kind: FuturesDataKind, on: boolean) =>
    // Kept in the schema's order so the request reads the same however the boxes were ticked.
    setWhat((prev) => FuturesDataKind.options.filter((k) => (k === kind ? on : prev.includes(k))));

  const start = (event: FormEvent) => {
    event.preventDefault();
    const built = buildFuturesParams({ symbolsText, what, from, to }, defaultConcurrency ?? undefined);
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    setErrors({});
    launcher.launch(() => api.startFetchBinanceFutures(built.params));
  };

  return (
    <section className="panel" aria-labelledby="futures-title">
      <h2 className="panel__title" id="futures-title">
        Fetch USD-M futures data
      </h2>
      <form className="fetch-form" onSubmit={start} noValidate>
        <div className="fetch-form__row">
          <label className="field field--grow">
            <span className="field__label">Symbols (comma or space separated)</span>
            <input
              className="input mono"
              spellCheck={false}
              placeholder="BTCUSDT ETHUSDT"
              data-testid="futures-symbols"
              value={symbolsText}
              onChange={(e) => {
                setSymbolsText(e.target.value);
                clearError('symbols');
              }}
              {...errorProps('futures-symbols-error', errors.symbols)}
            />
            <FieldError id="futures-symbols-error" message={errors.symbols} />
          </label>
          <DayRangeFields
            testIdPrefix="futures"
            from={from}
            to={to}
            errors={errors}
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
        <fieldset className="checkbox-group" {...errorProps('futures-what-error', errors.what)}>
          <legend className="field__label">Data</legend>
          {FuturesDataKind.options.map((kind) => (
            <label key={kind} className="checkbox-field">
              <input
                type="checkbox"
                data-testid={`futures-what-${kind}`}
                checked={what.includes(kind)}
                onChange={(e) => {
                  toggle(kind, e.target.checked);
                  clearError('what');
                }}
              />
              {KIND_LABELS[kind]}
            </label>
          ))}
          <FieldError id="futures-what-error" message={errors.what} />
        </fieldset>
        {errors.form && <ErrorNote message={errors.form} testId="futures-form-error" />}
        <JobFormActions launcher={launcher} startLabel="Start futures fetch" testIdPrefix="futures" />
      </form>
      <LaunchedJobView launcher={launcher} testIdPrefix="futures" />
    </section>
  );
}
