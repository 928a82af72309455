import { Fragment } from 'react';
import type { ModelInfo } from '../../../shared/contract/index.js';
import { compareRows } from '../../lib/model-view.js';

/**
 * Two or more models side by side: one column per model, one row per measure; the best value of
 * each measure is marked. Test ids: models-compare (data-count), compare-row (data-key) with
 * [data-model-id] cells (data-best).
 */
export function ModelCompare({ models }: { models: readonly ModelInfo[] }) {
  const rows = compareRows(models);
  return (
    <div className="table-wrap">
      <table
        className="table table--compact compare-table"
        data-testid="models-compare"
        data-count={models.length}
      >
        <thead>
          <tr>
            <th>Measure</th>
            {models.map((m) => (
              <th key={m.id} className="num">
                #{m.id} {m.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => {
            const head = i === 0 || rows[i - 1].group !== row.group;
            return (
              <Fragment key={row.key}>
                {head && (
                  <tr className="eval-table__group">
                    <th colSpan={models.length + 1}>{row.group}</th>
                  </tr>
                )}
                <tr data-testid="compare-row" data-key={row.key}>
                  <td className="nowrap">{row.label}</td>
                  {row.texts.map((text, i) => (
                    <td
                      key={models[i].id}
                      className={row.best.includes(i) ? 'num eval-table__best' : 'num'}
                      data-model-id={models[i].id}
                      data-best={row.best.includes(i) ? 'true' : undefined}
                    >
                      {text}
                    </td>
                  ))}
                </tr>
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
