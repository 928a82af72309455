import { useState, type FormEvent } from 'react';
import { binancePresets } from '../../../shared/binance-presets.js';
import type { BinanceInterval, JobKind } from '../../../shared/contract/index.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import {
  applyPreset,
  buildFetchParams,
  defaultFetchValues,
  intervalChoices,
  type FetchField,
  type FetchMarket,
} from '../../lib/fetch-params.js';
import { parseSymbolList } from '../../lib/symbols.js';
import { useLab } from '../../transport/lab-context.js';
import { DayRangeFields } from './DayRangeFields.js';
import { errorProps, FieldError } from './FieldError.js';
import { JobFormActions } from './JobFormActions.js';
import { LaunchedJobView } from './LaunchedJobView.js';
import { PresetPicker } from './PresetPicker.js';
import { useFieldErrors } from './use-field-errors.js';
import { useJobLauncher } from './use-job-launcher.js';

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
  const { errors, setErrors, clearError } = useFieldErrors<FetchField>();
  const launcher = useJobLauncher(FETCH_KINDS, 'the fetch');

  const concurrency = concurrencyText ?? String(defaultConcurrency ?? FALLBACK_CONCURRENCY);
  const symbolCount = parseSymbolList(values.symbolsText).symbols.length;

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
    launcher.launch(() => api.startFetchBinance(built.params));
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
          <DayRangeFields
            testIdPrefix="fetch"
            from={values.from}
            to={values.to}
            errors={errors}
            onFrom={(from) => {
              setValues((v) => ({ ...v, from }));
              clearError('from');
            }}
            onTo={(to) => {
              setValues((v) => ({ ...v, to }));
              clearError('to');
            }}
          />
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
        <JobFormActions launcher={launcher} startLabel="Start fetch" testIdPrefix="fetch" />
      </form>
      <LaunchedJobView launcher={launcher} testIdPrefix="fetch" />
    </section>
  );
}
