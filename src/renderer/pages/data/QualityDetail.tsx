import type { QualityReport } from '../../../shared/contract/index.js';
import { formatInt, formatUtc } from '../../lib/format.js';
import { marketLabel } from '../../lib/market-label.js';
import { untrainableReasons } from '../../lib/quality-view.js';
import { GapList } from './GapList.js';

/** The selected series in detail: span, why it is not trainable, its gaps and fault examples. */
export function QualityDetail({ report: r }: { report: QualityReport }) {
  const reasons = untrainableReasons(r);
  return (
    <div
      className="quality-detail"
      data-testid="quality-detail"
      data-symbol={r.symbol}
      data-interval={r.interval}
    >
      <div className="quality-detail__head">
        <span className="strong">{r.symbol}</span>
        <span>
          {marketLabel(r.market)} {r.interval}
        </span>
        <span className="muted">
          {formatUtc(r.first)} → {formatUtc(r.last)} UTC · {formatInt(r.bars)} of {formatInt(r.expectedBars)}{' '}
          bars · computed {formatUtc(r.computedAt)}
        </span>
      </div>
      {!r.chronological && <p className="warn">Bars are not in time order in the store.</p>}
      {reasons.length > 0 && <p className="warn">Not trainable: {reasons.join('; ')}.</p>}
      <GapList gaps={r.gaps} gapCount={r.gapCount} interval={r.interval} />
      <FaultExamples examples={r.examples} />
    </div>
  );
}

function FaultExamples({ examples }: { examples: QualityReport['examples'] }) {
  return (
    <div className="quality-examples" data-testid="quality-examples">
      <h3 className="subhead">Fault examples</h3>
      {examples.length === 0 ? (
        <p className="muted">No misaligned, duplicate or inconsistent bars found.</p>
      ) : (
        <ul className="quality-examples__list">
          {examples.map((e, i) => (
            <li key={i} data-testid="quality-example">
              <span className="num mono">{formatUtc(e.time, { seconds: true })}</span>
              <span>{e.problem}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
