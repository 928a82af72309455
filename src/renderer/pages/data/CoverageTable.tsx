import type { CoverageRow } from '../../../shared/contract/index.js';
import { formatInt, formatUtc } from '../../lib/format.js';
import { MarketBadge } from './MarketBadge.js';

function byInstrument(a: CoverageRow, b: CoverageRow): number {
  return (
    a.symbol.localeCompare(b.symbol) ||
    a.market.localeCompare(b.market) ||
    a.interval.localeCompare(b.interval)
  );
}

/**
 * What is stored, one row per instrument × interval, stocks beside crypto with the market kind as a
 * badge. Each cell carries its raw value in `data-value` so tests need not parse the formatted text.
 * `filtered`: the rows are one market's only (the empty text says so).
 */
export function CoverageTable({ rows, filtered = false }: { rows: CoverageRow[]; filtered?: boolean }) {
  const sorted = [...rows].sort(byInstrument);
  return (
    <div className="table-wrap">
      <table className="table" data-testid="coverage-table">
        <thead>
          <tr>
            <th>Symbol</th>
            <th>Venue</th>
            <th>Market</th>
            <th>Interval</th>
            <th className="num">Bars</th>
            <th>First bar (UTC)</th>
            <th>Last bar (UTC)</th>
            <th className="num">Days</th>
            <th className="num">Gaps</th>
          </tr>
        </thead>
        <tbody>
          {sorted.length === 0 ? (
            <tr data-testid="coverage-empty">
              <td colSpan={9} className="table__empty">
                {filtered
                  ? 'No bars of this market stored yet.'
                  : 'No bars stored yet. Fetch stocks or crypto above, or import Binance kline files, to fill the store.'}
              </td>
            </tr>
          ) : (
            sorted.map((row) => (
              <tr key={`${row.symbol}|${row.market}|${row.interval}`} data-testid="coverage-row">
                <td data-col="symbol" data-value={row.symbol} className="strong">
                  {row.symbol}
                </td>
                <td data-col="venue" data-value={row.venue} className="muted">
                  {row.venue}
                </td>
                <td data-col="market" data-value={row.market}>
                  <MarketBadge market={row.market} />
                </td>
                <td data-col="interval" data-value={row.interval}>
                  {row.interval}
                </td>
                <td data-col="bars" data-value={row.bars} className="num">
                  {formatInt(row.bars)}
                </td>
                <td
                  data-col="first"
                  data-value={row.first ?? ''}
                  className="num"
                  title={row.first ?? undefined}
                >
                  {formatUtc(row.first)}
                </td>
                <td data-col="last" data-value={row.last ?? ''} className="num" title={row.last ?? undefined}>
                  {formatUtc(row.last)}
                </td>
                <td data-col="days" data-value={row.days} className="num">
                  {formatInt(row.days)}
                </td>
                <td data-col="gaps" data-value={row.gaps} className={row.gaps > 0 ? 'num warn' : 'num'}>
                  {formatInt(row.gaps)}
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
