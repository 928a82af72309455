import { useState, type FormEvent } from 'react';
import { PolygonDataset, type JobKind } from '../../../shared/contract/index.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { useCredentialsStatus } from '../../hooks/use-credentials.js';
import { polygonSecrets } from '../../lib/credentials.js';
import { buildPolygonParams, defaultPolygonRange, type PolygonField } from '../../lib/stock-params.js';
import { formatTickerList } from '../../lib/tickers.js';
import { useLab } from '../../transport/lab-context.js';
import { CredentialsNote } from './CredentialsNote.js';
import { DayRangeFields } from './DayRangeFields.js';
import { errorProps, FieldError } from './FieldError.js';
import { JobFormActions } from './JobFormActions.js';
import { LaunchedJobView } from './LaunchedJobView.js';
import { TickersField } from './TickersField.js';
import { useFieldErrors } from './use-field-errors.js';
import { useJobLauncher } from './use-job-launcher.js';

const POLYGON_KINDS: readonly JobKind[] = ['fetch-polygon'];

const DATASET_LABELS: Record<PolygonDataset, string> = {
  minute: 'Minute bars (minute_aggs_v1 → 1m)',
  day: 'Day bars (day_aggs_v1 → 1d)',
};

const SESSION_LABELS = { from: 'From (session day, New York)', to: 'To (session day, inclusive)' };

/**
 * US stock minute and day bars from the Polygon / Massive flat files (one gzip CSV per session day
 * on S3), filtered to the tickers. Shows whether the S3 keys are configured (never their values);
 * a start without them is refused by the lab with a message naming what to set, shown inline.
 * Re-running the same range skips the day files already stored, so a cancelled fetch resumes.
 * `defaultTickers` is the lab's stock-ticker setting (null until it answers).
 */
export function StocksPanel({ defaultTickers }: { defaultTickers: readonly string[] | null }) {
  const { api } = useLab();
  const credentials = useCredentialsStatus();
  // null: the lab's ticker list, until the user edits the field.
  const [tickersText, setTickersText] = useState<string | null>(null);
  const [range, setRange] = useState(() => defaultPolygonRange(new Date()));
  const [datasets, setDatasets] = useState<readonly PolygonDataset[]>(PolygonDataset.options);
  const [extendedHours, setExtendedHours] = useState(false);
  const { errors, setErrors, clearError } = useFieldErrors<PolygonField>();
  const launcher = useJobLauncher(POLYGON_KINDS, 'the flat-file fetch');

  const tickers = tickersText ?? formatTickerList(defaultTickers ?? []);

  const toggle = (dataset: PolygonDataset, on: boolean) =>
    setDatasets((prev) => PolygonDataset.options.filter((d) => (d === dataset ? on : prev.includes(d))));

  const start = (event: FormEvent) => {
    event.preventDefault();
    const built = buildPolygonParams({ tickersText: tickers, ...range, datasets, extendedHours });
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    setErrors({});
    launcher.launch(() => api.startFetchPolygon(built.params));
  };

  return (
    <section className="panel" aria-labelledby="polygon-title">
      <h2 className="panel__title" id="polygon-title">
        Fetch US stocks (Polygon / Massive flat files)
      </h2>
      <CredentialsNote
        status={credentials.data}
        error={credentials.error}
        names={polygonSecrets}
        testId="polygon-credentials"
      />
      <form className="fetch-form" onSubmit={start} noValidate>
        <TickersField
          testIdPrefix="polygon"
          value={tickers}
          error={errors.tickers}
          onChange={(text) => {
            setTickersText(text);
            clearError('tickers');
          }}
        />
        <div className="fetch-form__row">
          <DayRangeFields
            testIdPrefix="polygon"
            from={range.from}
            to={range.to}
            errors={errors}
            labels={SESSION_LABELS}
            onFrom={(from) => {
              setRange((r) => ({ ...r, from }));
              clearError('from');
            }}
            onTo={(to) => {
              setRange((r) => ({ ...r, to }));
              clearError('to');
            }}
          />
          <fieldset className="checkbox-group" {...errorProps('polygon-datasets-error', errors.datasets)}>
            <legend className="field__label">Datasets</legend>
            {PolygonDataset.options.map((dataset) => (
              <label key={dataset} className="checkbox-field">
                <input
                  type="checkbox"
                  data-testid={`polygon-dataset-${dataset}`}
                  checked={datasets.includes(dataset)}
                  onChange={(e) => {
                    toggle(dataset, e.target.checked);
                    clearError('datasets');
                  }}
                />
                {DATASET_LABELS[dataset]}
              </label>
            ))}
            <FieldError id="polygon-datasets-error" message={errors.datasets} />
          </fieldset>
        </div>
        <label className="checkbox-field">
          <input
            type="checkbox"
            data-testid="polygon-extended-hours"
            checked={extendedHours}
            onChange={(e) => setExtendedHours(e.target.checked)}
          />
          Keep pre- and after-market minutes (04:00–09:30 and 16:00–20:00 New York)
        </label>
        <p className="muted form-hint">
          Day files appear the next morning (T+1): today, weekends and exchange holidays have none, which is
          normal. Running the same range again skips the files already stored.
        </p>
        {errors.form && <ErrorNote message={errors.form} testId="polygon-form-error" />}
        <JobFormActions launcher={launcher} startLabel="Start stock fetch" testIdPrefix="polygon" />
      </form>
      <LaunchedJobView launcher={launcher} testIdPrefix="polygon" />
    </section>
  );
}
