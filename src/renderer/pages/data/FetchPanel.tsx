import { useState, type FormEvent } from 'react';
import { binancePresets } from '../../../shared/binance-presets.js';
import type { BinanceInterval, JobKind } from '../../../shared/contract/index.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { errorText } from '../../lib/error-text.js';
import {
  applyPreset,
  buildFetchParams,
  defaultFetchValues,
  intervalChoices,
  type FetchField,
  type FetchMarket,
} from '../../lib/fetch-params.js';
import type { FieldErrors } from '../../lib/form-result.js';
import { parseSymbolList } from '../../lib/symbols.js';
import { useLab } from '../../transport/lab-context.js';
import { FetchJobView } from './FetchJobView.js';
import { errorProps, FieldError } from './FieldError.js';
import { PresetPicker } from './PresetPicker.js';
import { useCancelJob } from './use-cancel-job.js';
import { useFollowedJob } from './use-followed-job.js';

const FETCH_KINDS: readonly JobKind[] = ['fetch-binance'];

/** The download default until the lab's settings answer: the contract's own default. */
const FALLBACK_CONCURRENCY = 8;

/**
 * Downloads Binance klines (Data Vision archives, then REST up to now) and follows the fetch job:
 * live progress while it runs, its summary and per-file errors when it ends. Without a job
 * started here it shows the latest fetch (started from the CLI, or before a reload).
 * `defaultConcurrency` is the lab's download setting (null until it answers).
 */
export function FetchPanel({ defaultConcurrency }: { defaultConcurrency: number | null }) {
  const { api } = useLab();
  const [values, setValues] = useState(() => defaultFetchValues(new Date()));
  // null: the lab's download setting, until the user types another number.
  const [concurrencyText, setConcurrencyText] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors<FetchField>>({});
  const [callError, setCallError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const { job, follow } = useFollowedJob(FETCH_KINDS, 'latest');
  const cancel = useCancelJob();

  const concurrency = concurrencyText ?? String(defaultConcurrency ?? FALLBACK_CONCURRENCY);
  const symbolCount = parseSymbolList(values.symbolsText).symbols.length;
  const jobActive = job != null && (job.status === 'queued' || job.status === 'running');

  /** A field's message goes as soon as the field is edited; the others stay until the next Start. */
  const clearError = (field: FetchField) => setErrors((e) => (e[field] ? { ...e, [field]: undefined } : e));

  /** Symbols, market and interval no longer match a preset once edited; dates may differ freely. */
  const editPresetField = (patch: Partial<typeof values>) =>
    setValues((v) => ({ ...v, ...patch, presetId: '' }));

  const pickPreset = (presetId: string) => {
    const preset = binancePresets.find((p) => p.id === presetId);
    setValues((v) => (preset ? applyPreset(v, preset, new Date()) : { ...v, presetId: '' }));
    setErrors({});
  };

  const start = (event: FormEvent) => {
    event.preventDefault();
    const built = buildFetchParams({ ...values, concurrency });
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    setErrors({});
    setCallError(null);
    setSubmitting(true);
    api
      .startFetchBinance(built.params)
      .then(
        ({ jobId }) => follow(jobId),
        (err: unknown) => setCallError(`Could not start the fetch: ${errorText(err)}`),
      )
      .finally(() => setSubmitting(false));
  };

  return (
    <section className="panel" aria-labelledby="fetch-title">
      <h2 className="panel__title" id="fetch-title">
        Fetch Binance klines
      </h2>
      <form className="fetch-form" onSubmit={start} noValidate>
        <PresetPicker value={values.presetId} onPick={pickPreset} />
        <label className="field fetch-form__symbols">
          <span className="field__label">
            Symbols (comma or space separated){symbolCount > 0 && ` · ${symbolCount}`}
          </span>
          <textarea
            className="input mono"
            rows={2}
            spellCheck={false}
            placeholder="BTCUSDT, ETHUSDT"
            data-testid="fetch-symbols"
            value={values.symbolsText}
            onChange={(e) => {
              editPresetField({ symbolsText: e.target.value });
              clearError('symbols');
            }}
            {...errorProps('fetch-symbols-error', errors.symbols)}
          />
          <FieldError id="fetch-symbols-error" message={errors.symbols} />
        </label>
        <div className="fetch-form__row">
          <label className="field">
            <span className="field__label">Market</span>
            <select
              className="input"
              data-testid="fetch-market"
              value={values.market}
              onChange={(e) => editPresetField({ market: e.target.value as FetchMarket })}
            >
              <option value="spot">Spot</option>
              <option value="um">USD-M futures</option>
            </select>
          </label>
          <label className="field">
            <span className="field__label">Interval</span>
            <select
              className="input"
              data-testid="fetch-interval"
              value={values.interval}
              onChange={(e) => editPresetField({ interval: e.target.value as BinanceInterval })}
            >
              {intervalChoices.map((i) => (
                <option key={i} value={i}>
                  {i}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field__label">From (UTC day)</span>
            <input
              type="date"
              className="input"
              data-testid="fetch-from"
              value={values.from}
              onChange={(e) => {
                setValues((v) => ({ ...v, from: e.target.value }));
                clearError('from');
              }}
              {...errorProps('fetch-from-error', errors.from)}
            />
            <FieldError id="fetch-from-error" message={errors.from} />
          </label>
          <label className="field">
            <span className="field__label">To (UTC day, inclusive)</span>
            <input
              type="date"
              className="input"
              data-testid="fetch-to"
              value={values.to}
              onChange={(e) => {
                setValues((v) => ({ ...v, to: e.target.value }));
                clearError('to');
              }}
              {...errorProps('fetch-to-error', errors.to)}
            />
            <FieldError id="fetch-to-error" message={errors.to} />
          </label>
          <label className="field fetch-form__narrow">
            <span className="field__label">Parallel downloads</span>
            <input
              type="number"
              className="input"
              min={1}
              max={32}
              step={1}
              data-testid="fetch-concurrency"
              value={concurrency}
              onChange={(e) => {
                setConcurrencyText(e.target.value);
                clearError('concurrency');
              }}
              {...errorProps('fetch-concurrency-error', errors.concurrency)}
            />
            <FieldError id="fetch-concurrency-error" message={errors.concurrency} />
          </label>
        </div>
        <label className="checkbox-field">
          <input
            type="checkbox"
            data-testid="fetch-rest-fill"
            checked={values.restFill}
            onChange={(e) => setValues((v) => ({ ...v, restFill: e.target.checked }))}
          />
          Fill up to now from REST (after the last published archive)
        </label>
        {errors.form && <ErrorNote message={errors.form} testId="fetch-form-error" />}
        <div className="fetch-form__buttons">
          <button
            type="submit"
            className="button button--primary"
            disabled={submitting}
            data-testid="fetch-start"
          >
            {submitting ? 'Starting…' : 'Start fetch'}
          </button>
          <button
            type="button"
            className="button"
            disabled={!jobActive || cancel.cancelling}
            onClick={() => job && cancel.cancel(job.id)}
            data-testid="fetch-cancel"
          >
            {cancel.cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        </div>
      </form>
      {callError && <ErrorNote message={callError} testId="fetch-call-error" />}
      {cancel.error && <ErrorNote message={cancel.error} testId="fetch-cancel-error" />}
      {job && <FetchJobView job={job} testIdPrefix="fetch" />}
    </section>
  );
}
