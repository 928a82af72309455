import { useMemo, useState } from 'react';
import type { QualityGap } from '../../../shared/contract/index.js';
import { formatEta, formatInt, formatUtc } from '../../lib/format.js';
import { gapSeconds, sortGaps, type GapOrder } from '../../lib/quality-view.js';

const KIND_TITLES: Record<QualityGap['kind'], string> = {
  outage: 'The same stretch is missing across the venue’s other symbols: an exchange outage',
  missing: 'Missing only in this series',
};

/**
 * Where a series has holes: the last bar before each gap and the first after it, how many bars are
 * missing and roughly how long that is. Longest first by default, or in time order.
 */
export function GapList({
  gaps,
  gapCount,
  interval,
}: {
  gaps: readonly QualityGap[];
  gapCount: number;
  interval: string;
}) {
  const [order, setOrder] = useState<GapOrder>('longest');
  const sorted = useMemo(() => sortGaps(gaps, order), [gaps, order]);

  return (
    <div className="gap-list" data-testid="quality-gaps" data-count={gapCount}>
      <div className="gap-list__head">
        <h3 className="subhead">
          Gaps ({formatInt(gapCount)}
          {gapCount > gaps.length ? `, the ${formatInt(gaps.length)} longest listed` : ''})
        </h3>
        {gaps.length > 1 && (
          <label className="inline-field">
            <span className="field__label">Order</span>
            <select
              className="input input--small"
              value={order}
              onChange={(e) => setOrder(e.target.value as GapOrder)}
              data-testid="quality-gap-order"
            >
              <option value="longest">longest first</option>
              <option value="time">in time order</option>
            </select>
          </label>
        )}
      </div>
      {gaps.length === 0 ? (
        <p className="muted">No gaps: every bar from the first to the last is there.</p>
      ) : (
        <div className="table-wrap gap-list__scroll">
          <table className="table table--compact">
            <thead>
              <tr>
                <th className="num">Last bar before (UTC)</th>
                <th className="num">First bar after (UTC)</th>
                <th className="num">Missing bars</th>
                <th className="num">≈ Duration</th>
                <th>Kind</th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((gap) => (
                <tr key={`${gap.after}|${gap.before}`} data-testid="quality-gap" data-kind={gap.kind}>
                  <td className="num" data-col="after" data-value={gap.after}>
                    {formatUtc(gap.after, { seconds: true })}
                  </td>
                  <td className="num" data-col="before" data-value={gap.before}>
                    {formatUtc(gap.before, { seconds: true })}
                  </td>
                  <td className="num" data-col="missingBars" data-value={gap.missingBars}>
                    {formatInt(gap.missingBars)}
                  </td>
                  <td className="num muted">{formatEta(gapSeconds(gap, interval))}</td>
                  <td>
                    <span
                      className={gap.kind === 'outage' ? 'badge badge--cancelled' : 'badge badge--failed'}
                      title={KIND_TITLES[gap.kind]}
                    >
                      {gap.kind}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
