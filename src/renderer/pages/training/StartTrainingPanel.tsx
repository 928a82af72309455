import { useState } from 'react';
import type { TrainingDefaults, TrainingPreset } from '../../../shared/contract/index.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { Select } from '../../components/Select.js';
import { useLabQuery } from '../../hooks/use-lab-query.js';
import { errorText } from '../../lib/error-text.js';
import { formatInt } from '../../lib/format.js';
import { BAR_JOB_KINDS } from '../../lib/job-pick.js';
import {
  formatCompact,
  formatEstimate,
  formatWindow,
  presetHelp,
  presetLabels,
} from '../../lib/training-format.js';
import { useLab } from '../../transport/lab-context.js';
import { FormField } from '../data/FieldError.js';
import { MarketBadge } from '../data/MarketBadge.js';
import { DefaultDownload } from './DefaultDownload.js';

const PRESET_OPTIONS = (['quick', 'full'] as const).map((value) => ({ value, label: presetLabels[value] }));

/**
 * One button that trains: the preset picker, what the preset will train on with the data stored
 * now (series, schedule, estimated time), or why it cannot start and the download that fixes it.
 * Test ids: training-preset (select), training-defaults (data-loaded, data-blocked),
 * training-default-series rows (data-symbol, data-market), training-schedule, training-estimate,
 * training-blocker, training-start, training-start-error, training-busy (a run is going).
 */
export function StartTrainingPanel({
  busyRunId,
  onStarted,
}: {
  /** A run that is queued or running now: one run at a time from this page. */
  busyRunId: number | null;
  onStarted: (runId: number) => void;
}) {
  const { api } = useLab();
  const [preset, setPreset] = useState<TrainingPreset>('quick');
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  // Read again when a job that stores bars ends (the default download, a fetch on the Data page).
  const defaults = useLabQuery((lab) => lab.getTrainingDefaults({ preset }), preset, BAR_JOB_KINDS);
  const shown = defaults.data?.preset === preset ? defaults.data : null;

  const start = () => {
    setStarting(true);
    setStartError(null);
    api
      .startTraining({ preset })
      .then(
        ({ runId }) => onStarted(runId),
        (err: unknown) => setStartError(`Could not start training: ${errorText(err)}`),
      )
      .finally(() => setStarting(false));
  };

  return (
    <section className="panel start-training" aria-labelledby="start-training-title">
      <h2 className="panel__title" id="start-training-title">
        Train a policy
      </h2>
      <div className="start-training__row">
        <FormField label="Preset">
          <Select testId="training-preset" value={preset} options={PRESET_OPTIONS} onChange={setPreset} />
        </FormField>
        <button
          type="button"
          className="button button--primary start-training__button"
          onClick={start}
          disabled={starting || shown == null || shown.blocker != null || busyRunId != null}
          data-testid="training-start"
        >
          {starting ? 'Starting…' : 'Start training'}
        </button>
        <p className="muted start-training__help">{presetHelp[preset]}</p>
      </div>
      {busyRunId != null && (
        <p className="muted" data-testid="training-busy">
          Run #{busyRunId} is going; start another once it ends or is cancelled.
        </p>
      )}
      {startError && <ErrorNote message={startError} testId="training-start-error" />}
      {defaults.error && <ErrorNote message={`Could not read what training would use: ${defaults.error}`} />}
      <div
        className="start-training__defaults"
        data-testid="training-defaults"
        data-loaded={shown != null ? 'true' : 'false'}
        data-blocked={shown?.blocker != null ? 'true' : 'false'}
      >
        {shown == null ? (
          <p className="muted">Reading the stored data…</p>
        ) : (
          <DefaultsView defaults={shown} />
        )}
      </div>
    </section>
  );
}

function DefaultsView({ defaults }: { defaults: TrainingDefaults }) {
  const { schedule } = defaults;
  return (
    <>
      {defaults.blocker && (
        <div className="training-blocker" data-testid="training-blocker" role="status">
          <p className="training-blocker__text">{defaults.blocker}</p>
          <DefaultDownload />
        </div>
      )}
      {defaults.series.length > 0 && (
        <>
          <p className="start-training__summary">
            Trains on <span className="strong">{defaults.series.length}</span> series ·{' '}
            <span data-testid="training-schedule">
              behaviour cloning {formatCompact(schedule.bcSteps)} steps, PPO{' '}
              {formatCompact(schedule.ppoEnvSteps)} env steps, finetune{' '}
              {formatCompact(schedule.finetuneUpdates)} updates
            </span>{' '}
            · estimated time{' '}
            <span
              className="strong"
              data-testid="training-estimate"
              data-value={defaults.estimatedSeconds ?? ''}
            >
              {formatEstimate(defaults.estimatedSeconds)}
            </span>{' '}
            on this machine's CPU.
          </p>
          <div className="table-wrap">
            <table className="table table--compact">
              <thead>
                <tr>
                  <th>Symbol</th>
                  <th>Market</th>
                  <th>Interval</th>
                  <th className="num">Bars</th>
                  <th className="num">Stored (UTC)</th>
                </tr>
              </thead>
              <tbody>
                {defaults.series.map((s) => (
                  <tr
                    key={`${s.symbol}|${s.market}|${s.interval}`}
                    data-testid="training-default-series"
                    data-symbol={s.symbol}
                    data-market={s.market}
                  >
                    <td className="strong">{s.symbol}</td>
                    <td>
                      <MarketBadge market={s.market} />
                    </td>
                    <td>{s.interval}</td>
                    <td className="num">{formatInt(s.bars)}</td>
                    <td className="num">{formatWindow(s.from, s.to + 1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
