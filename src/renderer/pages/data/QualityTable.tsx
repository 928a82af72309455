import type { QualityReport } from '../../../shared/contract/index.js';
import { formatInt } from '../../lib/format.js';
import { MarketBadge } from './MarketBadge.js';
import { formatCompleteness, gapKindCounts, qualityKey, untrainableReasons } from '../../lib/quality-view.js';

const COLUMNS = 11;

/**
 * One row per instrument × interval with its quality measures; a row is selected by click or by
 * its symbol button (keyboard). Raw values sit in `data-value` for tests.
 */
export function QualityTable({
  reports,
  selectedKey,
  onSelect,
}: {
  reports: readonly QualityReport[];
  selectedKey: string | null;
  onSelect: (key: string) => void;
}) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="quality-table">
        <thead>
          <tr>
            <th>Symbol</th>
            <th>Market</th>
            <th>Interval</th>
            <th className="num">Bars</th>
            <th className="num" title="Bars stored / bars a complete series from first to last would hold">
              Complete
            </th>
            <th className="num" title="Gaps: venue-wide outages / missing only here">
              Gaps (outage / missing)
            </th>
            <th className="num">Missing bars</th>
            <th className="num" title="Bars whose open time is not a multiple of the interval">
              Misaligned
            </th>
            <th className="num" title="high below open/close, low above them, or non-positive values">
              OHLC faults
            </th>
            <th className="num">Duplicates</th>
            <th>Trainable</th>
          </tr>
        </thead>
        <tbody>
          {reports.length === 0 ? (
            <tr data-testid="quality-empty">
              <td colSpan={COLUMNS} className="table__empty">
                No quality reports yet. They are computed from the stored bars after a fetch or an import;
                press Recompute to compute them now.
              </td>
            </tr>
          ) : (
            reports.map((r) => {
              const key = qualityKey(r);
              return (
                <QualityRow
                  key={key}
                  report={r}
                  selected={key === selectedKey}
                  onSelect={() => onSelect(key)}
                />
              );
            })
          )}
        </tbody>
      </table>
    </div>
  );
}

function QualityRow({
  report: r,
  selected,
  onSelect,
}: {
  report: QualityReport;
  selected: boolean;
  onSelect: () => void;
}) {
  const kinds = gapKindCounts(r.gaps);
  const partialBreakdown = r.gapCount > r.gaps.length;
  const reasons = untrainableReasons(r);
  return (
    <tr
      className={selected ? 'table__row--selected table__row--clickable' : 'table__row--clickable'}
      onClick={onSelect}
      data-testid="quality-row"
      data-symbol={r.symbol}
      data-market={r.market}
      data-interval={r.interval}
      data-trainable={r.trainable ? 'true' : 'false'}
    >
      <td className="strong">
        <button
          type="button"
          className="link-button"
          aria-pressed={selected}
          onClick={(e) => {
            e.stopPropagation();
            onSelect();
          }}
          title="Show gaps and fault examples"
        >
          {r.symbol}
        </button>
      </td>
      <td>
        <MarketBadge market={r.market} />
      </td>
      <td>{r.interval}</td>
      <td className="num" data-col="bars" data-value={r.bars}>
        {formatInt(r.bars)}
      </td>
      <td
        className={r.completeness < 1 ? 'num warn' : 'num'}
        data-col="completeness"
        data-value={r.completeness}
      >
        {formatCompleteness(r.completeness)}
      </td>
      <td
        className={r.gapCount > 0 ? 'num warn' : 'num'}
        data-col="gaps"
        data-value={r.gapCount}
        title={partialBreakdown ? `Breakdown of the ${r.gaps.length} longest listed gaps` : undefined}
      >
        {formatInt(r.gapCount)}
        {r.gapCount > 0 && (
          <span className="muted">
            {' '}
            ({formatInt(kinds.outage)} / {formatInt(kinds.missing)}
            {partialBreakdown ? '+' : ''})
          </span>
        )}
      </td>
      <td className="num" data-col="missingBars" data-value={r.missingBars}>
        {formatInt(r.missingBars)}
      </td>
      <Count col="misaligned" value={r.misaligned} />
      <Count col="ohlcViolations" value={r.ohlcViolations} />
      <Count col="duplicates" value={r.duplicates} />
      <td data-col="trainable" data-value={r.trainable ? 'true' : 'false'}>
        <span
          className={r.trainable ? 'badge badge--done' : 'badge badge--failed'}
          title={reasons.length ? reasons.join('; ') : undefined}
        >
          {r.trainable ? 'trainable' : 'not trainable'}
        </span>
      </td>
    </tr>
  );
}

/** A fault count: highlighted when any. */
function Count({ col, value }: { col: string; value: number }) {
  return (
    <td className={value > 0 ? 'num warn' : 'num'} data-col={col} data-value={value}>
      {formatInt(value)}
    </td>
  );
}
