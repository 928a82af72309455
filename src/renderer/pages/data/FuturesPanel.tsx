import { useState, type FormEvent } from 'react';
import { FuturesDataKind, type JobKind } from '../../../shared/contract/index.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { errorText } from '../../lib/error-text.js';
import { buildFuturesParams, defaultFuturesKinds, type FuturesField } from '../../lib/fetch-params.js';
import type { FieldErrors } from '../../lib/form-result.js';
import { useLab } from '../../transport/lab-context.js';
import { FetchJobView } from './FetchJobView.js';
import { errorProps, FieldError } from './FieldError.js';
import { useCancelJob } from './use-cancel-job.js';
import { useFollowedJob } from './use-followed-job.js';

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
  const [errors, setErrors] = useState<FieldErrors<FuturesField>>({});
  const [callError, setCallError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const { job, follow } = useFollowedJob(FUTURES_KINDS, 'latest');
  const cancel = useCancelJob();
  const jobActive = job != null && (job.status === 'queued' || job.status === 'running');

  /** A field's message goes as soon as the field is edited; the others stay until the next Start. */
  const clearError = (field: FuturesField) => setErrors((e) => (e[field] ? { ...e, [field]: undefined } : e));

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
    setCallError(null);
    setSubmitting(true);
    api
      .startFetchBinanceFutures(built.params)
      .then(
        ({ jobId }) => follow(jobId),
        (err: unknown) => setCallError(`Could not start the futures fetch: ${errorText(err)}`),
      )
      .finally(() => setSubmitting(false));
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
          <label className="field">
            <span className="field__label">From (UTC day)</span>
            <input
              type="date"
              className="input"
              data-testid="futures-from"
              value={from}
              onChange={(e) => {
                setFrom(e.target.value);
                clearError('from');
              }}
              {...errorProps('futures-from-error', errors.from)}
            />
            <FieldError id="futures-from-error" message={errors.from} />
          </label>
          <label className="field">
            <span className="field__label">To (UTC day, inclusive)</span>
            <input
              type="date"
              className="input"
              data-testid="futures-to"
              value={to}
              onChange={(e) => {
                setTo(e.target.value);
                clearError('to');
              }}
              {...errorProps('futures-to-error', errors.to)}
            />
            <FieldError id="futures-to-error" message={errors.to} />
          </label>
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
        <div className="fetch-form__buttons">
          <button
            type="submit"
            className="button button--primary"
            disabled={submitting}
            data-testid="futures-start"
          >
            {submitting ? 'Starting…' : 'Start futures fetch'}
          </button>
          <button
            type="button"
            className="button"
            disabled={!jobActive || cancel.cancelling}
            onClick={() => job && cancel.cancel(job.id)}
            data-testid="futures-cancel"
          >
            {cancel.cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        </div>
      </form>
      {callError && <ErrorNote message={callError} testId="futures-call-error" />}
      {cancel.error && <ErrorNote message={cancel.error} testId="futures-cancel-error" />}
      {job && <FetchJobView job={job} testIdPrefix="futures" />}
    </section>
  );
}
