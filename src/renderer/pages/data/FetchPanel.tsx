import { useState } from 'react';
import { binancePresets } from '../../../shared/binance-presets.js';
import type { JobKind } from '../../../shared/contract/index.js';
import { plainOptions, Select, type SelectOption } from '../../components/Select.js';
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
import { controlProps, FormField } from './FieldError.js';
import { JobFormPanel } from './JobFormPanel.js';
import { ListField } from './ListField.js';
import { PresetPicker } from './PresetPicker.js';
import { useJobForm } from './use-job-form.js';

const FETCH_KINDS: readonly JobKind[] = ['fetch-binance'];

/** The download default until the lab's settings answer: the contract's own default. */
const FALLBACK_CONCURRENCY = 8;

const MARKET_OPTIONS: readonly SelectOption<FetchMarket>[] = [
  { value: 'spot', label: 'Spot' },
  { value: 'um', label: 'USD-M futures' },
];

const INTERVAL_OPTIONS = plainOptions(intervalChoices);

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
  const { errors, setErrors, clearError, editing, launcher, submitWith } = useJobForm<FetchField>(
    FETCH_KINDS,
    'the fetch',
  );

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

  const start = submitWith(
    () => buildFetchParams({ ...values, concurrency }),
    (params) => api.startFetchBinance(params),
  );

  return (
    <JobFormPanel
      testIdPrefix="fetch"
      title="Fetch Binance klines"
      startLabel="Start fetch"
      launcher={launcher}
      formError={errors.form}
      onSubmit={start}
    >
      <PresetPicker value={values.presetId} onPick={pickPreset} />
      <ListField
        id="fetch-symbols"
        noun="Symbols"
        placeholder="BTCUSDT, ETHUSDT"
        count={symbolCount}
        value={values.symbolsText}
        error={errors.symbols}
        onChange={editing('symbols', (symbolsText: string) => editPresetField({ symbolsText }))}
      />
      <div className="fetch-form__row">
        <FormField label="Market">
          <Select
            testId="fetch-market"
            value={values.market}
            options={MARKET_OPTIONS}
            onChange={(market) => editPresetField({ market })}
          />
        </FormField>
        <FormField label="Interval">
          <Select
            testId="fetch-interval"
            value={values.interval}
            options={INTERVAL_OPTIONS}
            onChange={(interval) => editPresetField({ interval })}
          />
        </FormField>
        <DayRangeFields
          testIdPrefix="fetch"
          from={values.from}
          to={values.to}
          errors={errors}
          onFrom={editing('from', (from: string) => setValues((v) => ({ ...v, from })))}
          onTo={editing('to', (to: string) => setValues((v) => ({ ...v, to })))}
        />
        <FormField
          className="field fetch-form__narrow"
          label="Parallel downloads"
          id="fetch-concurrency"
          error={errors.concurrency}
        >
          <input
            type="number"
            className="input"
            min={1}
            max={32}
            step={1}
            value={concurrency}
            onChange={(e) => {
              setConcurrencyText(e.target.value);
              clearError('concurrency');
            }}
            {...controlProps('fetch-concurrency', errors.concurrency)}
          />
        </FormField>
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
    </JobFormPanel>
  );
}
