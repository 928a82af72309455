import { Fragment } from 'react';
import type { Evaluation } from '../../shared/contract/index.js';
import { MarketBadge } from '../pages/data/MarketBadge.js';
import { formatInt } from '../lib/format.js';
import { bestStrategy, evaluationGroups, statColumns, strategies } from '../lib/training-eval.js';

/**
 * Out-of-sample results: overall, then per series (its hold-out window), the policy against
 * buy-and-hold and staying flat, one row per strategy. The best value per measure is marked.
 * Rows: evaluation-row (data-group = overall | SYMBOL|market|interval, data-strategy); cells
 * [data-col=<stat>] with the raw number in data-value.
 */
export function EvaluationTable({ evaluation, testId }: { evaluation: Evaluation; testId: string }) {
  const groups = evaluationGroups(evaluation);
  return (
    <div className="table-wrap">
      <table className="table table--compact eval-table" data-testid={testId}>
        <thead>
          <tr>
            <th>Strategy</th>
            {statColumns.map((c) => (
              <th key={c.key} className="num" title={c.help}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {groups.map((group) => (
            <Fragment key={group.key}>
              <tr className="eval-table__group" data-testid="evaluation-group" data-group={group.key}>
                <th colSpan={statColumns.length + 1}>
                  <span className="strong">{group.title}</span>
                  {group.market && <MarketBadge market={group.market} />}
                  <span className="muted">
                    {group.window ? `hold-out ${group.window} · ` : ''}
                    {formatInt(group.bars)} bars
                  </span>
                </th>
              </tr>
              {strategies.map((s) => (
                <tr
                  key={s.key}
                  data-testid="evaluation-row"
                  data-group={group.key}
                  data-strategy={s.key}
                  className={s.key === 'policy' ? 'eval-table__policy' : undefined}
                >
                  <td className="nowrap">{s.label}</td>
                  {statColumns.map((c) => {
                    const value = group.comparison[s.key][c.key];
                    const best = bestStrategy(group.comparison, c) === s.key;
                    return (
                      <td
                        key={c.key}
                        className={best ? 'num eval-table__best' : 'num'}
                        data-col={c.key}
                        data-value={value}
                        title={best ? 'Best of the three' : undefined}
                      >
                        {c.format(value)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
