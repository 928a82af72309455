import type { UniverseMember } from '../../../shared/contract/index.js';
import { formatUsdCompact } from '../../lib/universe-format.js';

const priceFormat = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 6 });

/** Members of a universe snapshot by rank; the list scrolls past a screenful. */
export function UniverseTable({ members }: { members: readonly UniverseMember[] }) {
  return (
    <div className="table-wrap universe-table">
      <table className="table table--compact" data-testid="universe-table">
        <thead>
          <tr>
            <th className="num">Rank</th>
            <th>Symbol</th>
            <th className="num">24h quote volume</th>
            <th className="num">Last price</th>
          </tr>
        </thead>
        <tbody>
          {members.length === 0 ? (
            <tr>
              <td colSpan={4} className="table__empty">
                No perpetual met the rule when this snapshot was taken.
              </td>
            </tr>
          ) : (
            members.map((m) => (
              <tr key={m.symbol} data-testid="universe-member" data-symbol={m.symbol} data-rank={m.rank}>
                <td className="num muted">{m.rank}</td>
                <td className="strong">{m.symbol}</td>
                <td className="num" data-col="quoteVolume" data-value={m.quoteVolume}>
                  {formatUsdCompact(m.quoteVolume)}
                </td>
                <td className="num">{m.lastPrice == null ? '—' : priceFormat.format(m.lastPrice)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
