import { useState } from 'react';
import type { ModelInfo } from '../../../shared/contract/index.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { EvaluationTable } from '../../components/EvaluationTable.js';
import { errorText } from '../../lib/error-text.js';
import { configLines, lineageFacts } from '../../lib/model-view.js';
import { useLab } from '../../transport/lab-context.js';
import { RunSeries } from '../training/RunSeries.js';

/**
 * One model: its out-of-sample evaluation, its lineage (series with train/test windows, data hash,
 * config, code version, ONNX check) and Delete with a confirmation. Test ids: model-detail
 * (data-model-id), model-evaluation, model-lineage ([data-field=<label>]), model-series,
 * model-config, model-delete, model-delete-confirm, model-delete-keep, model-delete-error.
 */
export function ModelDetail({
  model,
  onDeleted,
}: {
  model: ModelInfo;
  onDeleted: (modelId: number) => void;
}) {
  return (
    <section
      className="panel"
      aria-labelledby="model-title"
      data-testid="model-detail"
      data-model-id={model.id}
    >
      <div className="panel__head">
        <h2 className="panel__title" id="model-title">
          Model #{model.id} {model.name}
        </h2>
        <DeleteModel model={model} onDeleted={onDeleted} />
      </div>
      <h3 className="subhead">Out-of-sample evaluation</h3>
      <EvaluationTable evaluation={model.evaluation} testId="model-evaluation" />
      <h3 className="subhead run-view__subhead">Lineage</h3>
      <dl className="facts facts--wide" data-testid="model-lineage">
        {lineageFacts(model).map((fact) => (
          <div key={fact.label} className="facts__pair" data-field={fact.label}>
            <dt>{fact.label}</dt>
            <dd className={fact.mono ? 'mono' : undefined}>{fact.value}</dd>
          </div>
        ))}
      </dl>
      <RunSeries series={model.series} testId="model-series" />
      <details className="model-config" data-testid="model-config">
        <summary>Config ({Object.keys(model.config).length} settings)</summary>
        <dl className="facts facts--wide">
          {configLines(model.config).map((line) => (
            <div key={line.key} className="facts__pair">
              <dt className="mono">{line.key}</dt>
              <dd className="mono">{line.value}</dd>
            </div>
          ))}
        </dl>
      </details>
    </section>
  );
}

function DeleteModel({ model, onDeleted }: { model: ModelInfo; onDeleted: (modelId: number) => void }) {
  const { api } = useLab();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const remove = () => {
    setBusy(true);
    setError(null);
    api
      .deleteModel({ modelId: model.id })
      .then(
        () => onDeleted(model.id),
        (err: unknown) => setError(`Could not delete model #${model.id}: ${errorText(err)}`),
      )
      .finally(() => {
        setBusy(false);
        setConfirming(false);
      });
  };

  return (
    <div className="model-delete">
      {confirming ? (
        <span className="model-delete__confirm" role="alertdialog" aria-label="Confirm delete">
          Delete model #{model.id} and its tfjs and ONNX files?{' '}
          <button
            type="button"
            className="button button--danger button--small"
            onClick={remove}
            disabled={busy}
            data-testid="model-delete-confirm"
          >
            {busy ? 'Deleting…' : 'Delete'}
          </button>{' '}
          <button
            type="button"
            className="button button--small"
            onClick={() => setConfirming(false)}
            disabled={busy}
            data-testid="model-delete-keep"
          >
            Keep
          </button>
        </span>
      ) : (
        <button
          type="button"
          className="button button--small"
          onClick={() => setConfirming(true)}
          data-testid="model-delete"
        >
          Delete…
        </button>
      )}
      {error && <ErrorNote message={error} testId="model-delete-error" />}
    </div>
  );
}
