import type { TrainingRun } from '../../../shared/contract/index.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { hashFor } from '../../lib/hash-route.js';
import { formatSignedPercent, formatTime, presetLabels } from '../../lib/training-format.js';
import { phaseLabels } from '../../lib/training-phases.js';

/**
 * Past and current runs, newest first; a click (or the run's button) shows it above. Test ids:
 * training-runs, training-run-row (data-run-id, data-status), training-runs-empty.
 */
export function RunList({
  runs,
  loaded,
  error,
  shownId,
  onPick,
}: {
  runs: readonly TrainingRun[];
  loaded: boolean;
  error: string | null;
  shownId: number | null;
  onPick: (runId: number) => void;
}) {
  return (
    <section className="panel" aria-labelledby="runs-title">
      <h2 className="panel__title" id="runs-title">
        Runs
      </h2>
      {error && <ErrorNote message={`Could not load the runs: ${error}`} />}
      <div className="table-wrap">
        <table className="table table--compact" data-testid="training-runs">
          <thead>
            <tr>
              <th className="num">Run</th>
              <th>Created (UTC)</th>
              <th>Preset</th>
              <th>Status</th>
              <th>Phase</th>
              <th>Backend</th>
              <th className="num" title="Out-of-sample total return of the policy, all series">
                Policy
              </th>
              <th className="num" title="Buy-and-hold over the same hold-out windows">
                Buy & hold
              </th>
              <th>Model</th>
            </tr>
          </thead>
          <tbody>
            {runs.length === 0 ? (
              <tr data-testid="training-runs-empty">
                <td colSpan={9} className="table__empty">
                  {loaded ? 'No training runs yet. Press Start training above.' : 'Loading…'}
                </td>
              </tr>
            ) : (
              runs.map((run) => (
                <tr
                  key={run.id}
                  className={
                    run.id === shownId
                      ? 'table__row--clickable table__row--selected'
                      : 'table__row--clickable'
                  }
                  data-testid="training-run-row"
                  data-run-id={run.id}
                  data-status={run.status}
                  onClick={() => onPick(run.id)}
                >
                  <td className="num">
                    <button type="button" className="link-button" onClick={() => onPick(run.id)}>
                      #{run.id}
                    </button>
                  </td>
                  <td className="num">{formatTime(run.createdAt)}</td>
                  <td>{presetLabels[run.preset]}</td>
                  <td>
                    <span className={`badge badge--${run.status}`}>{run.status}</span>
                  </td>
                  <td>{run.phase ? phaseLabels[run.phase] : '—'}</td>
                  <td className="mono">{run.backend?.name ?? '—'}</td>
                  <td className="num">{formatSignedPercent(run.evaluation?.overall.policy.totalReturn)}</td>
                  <td className="num">
                    {formatSignedPercent(run.evaluation?.overall.buyAndHold.totalReturn)}
                  </td>
                  <td>
                    {run.modelId != null ? (
                      <a href={hashFor('models', run.modelId)} onClick={(e) => e.stopPropagation()}>
                        #{run.modelId}
                      </a>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
