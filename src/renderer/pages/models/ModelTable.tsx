import type { ModelInfo } from '../../../shared/contract/index.js';
import { modelHeadline, seriesSummary } from '../../lib/model-view.js';
import {
  backendLabel,
  formatRatio,
  formatPercent,
  formatSignedPercent,
  formatTime,
} from '../../lib/training-format.js';

/**
 * Every registered model, newest first, with its headline out-of-sample numbers. A click shows
 * its detail; the checkbox adds it to the comparison. Test ids: models-table, model-row
 * (data-model-id; [data-col=policyReturn|buyAndHoldReturn|sharpe|maxDrawdown] with data-value),
 * model-compare-pick (checkbox), models-empty.
 */
export function ModelTable({
  models,
  loaded,
  selectedId,
  compared,
  onSelect,
  onToggleCompare,
}: {
  models: readonly ModelInfo[];
  loaded: boolean;
  selectedId: number | null;
  compared: ReadonlySet<number>;
  onSelect: (modelId: number) => void;
  onToggleCompare: (modelId: number) => void;
}) {
  return (
    <div className="table-wrap">
      <table className="table table--compact" data-testid="models-table">
        <thead>
          <tr>
            <th title="Tick two or more to compare them">Compare</th>
            <th>Model</th>
            <th>Created (UTC)</th>
            <th>Series</th>
            <th>Feature set</th>
            <th>Backend</th>
            <th className="num">Seed</th>
            <th className="num" title="Out-of-sample total return of the policy, all series">
              Policy return
            </th>
            <th className="num" title="Buy-and-hold over the same hold-out windows">
              Buy & hold
            </th>
            <th className="num">Sharpe</th>
            <th className="num">Max DD</th>
          </tr>
        </thead>
        <tbody>
          {models.length === 0 ? (
            <tr data-testid="models-empty">
              <td colSpan={11} className="table__empty">
                {loaded ? 'No models yet. A finished training run registers one.' : 'Loading…'}
              </td>
            </tr>
          ) : (
            models.map((model) => {
              const h = modelHeadline(model);
              return (
                <tr
                  key={model.id}
                  className={
                    model.id === selectedId
                      ? 'table__row--clickable table__row--selected'
                      : 'table__row--clickable'
                  }
                  data-testid="model-row"
                  data-model-id={model.id}
                  onClick={() => onSelect(model.id)}
                >
                  <td onClick={(e) => e.stopPropagation()}>
                    <input
                      type="checkbox"
                      aria-label={`Compare model #${model.id}`}
                      checked={compared.has(model.id)}
                      onChange={() => onToggleCompare(model.id)}
                      data-testid="model-compare-pick"
                    />
                  </td>
                  <td className="nowrap">
                    <button type="button" className="link-button strong" onClick={() => onSelect(model.id)}>
                      #{model.id} {model.name}
                    </button>
                  </td>
                  <td className="num">{formatTime(model.createdAt)}</td>
                  <td title={model.series.map((s) => s.symbol).join(', ')}>{seriesSummary(model.series)}</td>
                  <td className="mono">{model.featureSetVersion}</td>
                  <td title={backendLabel(model.backend)} className="mono">
                    {model.backend}
                  </td>
                  <td className="num">{model.seed}</td>
                  <td className="num" data-col="policyReturn" data-value={h.policyReturn}>
                    {formatSignedPercent(h.policyReturn)}
                  </td>
                  <td className="num" data-col="buyAndHoldReturn" data-value={h.buyAndHoldReturn}>
                    {formatSignedPercent(h.buyAndHoldReturn)}
                  </td>
                  <td className="num" data-col="sharpe" data-value={h.sharpe}>
                    {formatRatio(h.sharpe)}
                  </td>
                  <td className="num" data-col="maxDrawdown" data-value={h.maxDrawdown}>
                    {formatPercent(h.maxDrawdown)}
                  </td>
                </tr>
              );
            })
          )}
        </tbody>
      </table>
    </div>
  );
}
