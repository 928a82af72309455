import type { SeriesLineage } from '../../../shared/contract/index.js';
import { formatInt } from '../../lib/format.js';
import { formatWindow } from '../../lib/training-format.js';
import { MarketBadge } from '../data/MarketBadge.js';

/**
 * The series a run or model used, each with its training window, the purge gap and its hold-out
 * test window (test id `testId`, rows lineage-series with data-symbol).
 */
export function RunSeries({
  series,
  testId = 'training-series',
}: {
  series: readonly SeriesLineage[];
  testId?: string;
}) {
  return (
    <>
      <h3 className="subhead run-view__subhead">Series: train and hold-out windows</h3>
      <div className="table-wrap">
        <table className="table table--compact" data-testid={testId}>
          <thead>
            <tr>
              <th>Symbol</th>
              <th>Market</th>
              <th>Interval</th>
              <th>Train (UTC)</th>
              <th className="num">Train bars</th>
              <th
                className="num"
                title="Bars left out between training and test, so no label looks into the test"
              >
                Purge
              </th>
              <th>Hold-out test (UTC)</th>
              <th className="num">Test bars</th>
            </tr>
          </thead>
          <tbody>
            {series.map((s) => (
              <tr
                key={`${s.symbol}|${s.market}|${s.interval}`}
                data-testid="lineage-series"
                data-symbol={s.symbol}
              >
                <td className="strong">{s.symbol}</td>
                <td>
                  <MarketBadge market={s.market} />
                </td>
                <td>{s.interval}</td>
                <td className="num">{formatWindow(s.trainFrom, s.trainTo)}</td>
                <td className="num">{formatInt(s.trainBars)}</td>
                <td className="num">{formatInt(s.purgeBars)}</td>
                <td className="num">{formatWindow(s.testFrom, s.testTo)}</td>
                <td className="num">{formatInt(s.testBars)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
