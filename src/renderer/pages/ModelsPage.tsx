import { useState } from 'react';
import { ErrorNote } from '../components/ErrorNote.js';
import { useHashArg } from '../hooks/use-hash-route.js';
import { useLabQuery } from '../hooks/use-lab-query.js';
import { ModelCompare } from './models/ModelCompare.js';
import { ModelDetail } from './models/ModelDetail.js';
import { ModelTable } from './models/ModelTable.js';

/*
 * Test ids of the Models page: page-models; models-table with model-row (data-model-id) and
 * model-compare-pick; models-compare (2+ picked) with compare-row; model-detail (the selected
 * model: #/models/<id>, else the newest) with model-evaluation, model-lineage, model-series,
 * model-config, model-delete / model-delete-confirm / model-delete-keep / model-delete-error.
 */

/** The model registry: list, compare side by side, read a model's evaluation and lineage, delete. */
export function ModelsPage() {
  // Read again when a training run ends: a finished one registers a model.
  const models = useLabQuery((api) => api.listModels({}), 'models', ['train-ppo']);
  const hashId = Number(useHashArg());
  const [pickedId, setPickedId] = useState<number | null>(null);
  const [compared, setCompared] = useState<ReadonlySet<number>>(new Set());
  const list = [...(models.data ?? [])].sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);

  const wanted = pickedId ?? (Number.isInteger(hashId) && hashId > 0 ? hashId : null);
  const selected = list.find((m) => m.id === wanted) ?? list[0] ?? null;
  const comparedModels = list.filter((m) => compared.has(m.id));

  const toggle = (modelId: number) =>
    setCompared((prev) => {
      const next = new Set(prev);
      if (!next.delete(modelId)) next.add(modelId);
      return next;
    });

  const deleted = (modelId: number) => {
    setCompared((prev) => new Set([...prev].filter((id) => id !== modelId)));
    setPickedId(null);
    if (models.data) models.set(models.data.filter((m) => m.id !== modelId));
    models.reload();
  };

  return (
    <section className="page" data-testid="page-models">
      <h1 className="page__title">Models</h1>
      <section className="panel" aria-labelledby="models-title">
        <h2 className="panel__title" id="models-title">
          Registered models
        </h2>
        {models.error && <ErrorNote message={`Could not load the models: ${models.error}`} />}
        <ModelTable
          models={list}
          loaded={models.loaded}
          selectedId={selected?.id ?? null}
          compared={compared}
          onSelect={setPickedId}
          onToggleCompare={toggle}
        />
        {comparedModels.length === 1 && (
          <p className="muted">Tick one more model to compare them side by side.</p>
        )}
      </section>
      {comparedModels.length >= 2 && (
        <section className="panel" aria-labelledby="compare-title">
          <h2 className="panel__title" id="compare-title">
            Comparison
          </h2>
          <ModelCompare models={comparedModels} />
        </section>
      )}
      {selected && <ModelDetail key={selected.id} model={selected} onDeleted={deleted} />}
    </section>
  );
}
