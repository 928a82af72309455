import { useState } from 'react';
import { PolygonDataset, type JobKind } from '../../../shared/contract/index.js';
import { useCredentialsStatus } from '../../hooks/use-credentials.js';
import { polygonSecrets } from '../../lib/credentials.js';
import { buildPolygonParams, defaultPolygonRange, type PolygonField } from '../../lib/stock-params.js';
import { useLab } from '../../transport/lab-context.js';
import { CheckboxGroup } from './CheckboxGroup.js';
import { CredentialsNote } from './CredentialsNote.js';
import { DayRangeFields } from './DayRangeFields.js';
import { JobFormPanel } from './JobFormPanel.js';
import { TickersField, useTickersText } from './TickersField.js';
import { useJobForm } from './use-job-form.js';

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
  const [tickers, setTickersText] = useTickersText(defaultTickers);
  const [range, setRange] = useState(() => defaultPolygonRange(new Date()));
  const [datasets, setDatasets] = useState<readonly PolygonDataset[]>(PolygonDataset.options);
  const [extendedHours, setExtendedHours] = useState(false);
  const { errors, editing, launcher, submitWith } = useJobForm<PolygonField>(
    POLYGON_KINDS,
    'the flat-file fetch',
  );

  const start = submitWith(
    () => buildPolygonParams({ tickersText: tickers, ...range, datasets, extendedHours }),
    (params) => api.startFetchPolygon(params),
  );

  return (
    <JobFormPanel
      testIdPrefix="polygon"
      title="Fetch US stocks (Polygon / Massive flat files)"
      startLabel="Start stock fetch"
      launcher={launcher}
      formError={errors.form}
      onSubmit={start}
      before={
        <CredentialsNote
          status={credentials.data}
          error={credentials.error}
          names={polygonSecrets}
          testId="polygon-credentials"
        />
      }
    >
      <TickersField
        testIdPrefix="polygon"
        value={tickers}
        error={errors.tickers}
        onChange={editing('tickers', setTickersText)}
      />
      <div className="fetch-form__row">
        <DayRangeFields
          testIdPrefix="polygon"
          from={range.from}
          to={range.to}
          errors={errors}
          labels={SESSION_LABELS}
          onFrom={editing('from', (from: string) => setRange((r) => ({ ...r, from })))}
          onTo={editing('to', (to: string) => setRange((r) => ({ ...r, to })))}
        />
        <CheckboxGroup
          legend="Datasets"
          options={PolygonDataset.options}
          labels={DATASET_LABELS}
          value={datasets}
          onChange={editing('datasets', setDatasets)}
          testIdPrefix="polygon-dataset"
          errorId="polygon-datasets-error"
          error={errors.datasets}
        />
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
    </JobFormPanel>
  );
}
