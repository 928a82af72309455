import { useState } from 'react';
import type { CoinGeckoSnapshot } from '../../../shared/contract/index.js';
import { formatInt, formatUtc } from '../../lib/format.js';
import { formatUsd, formatUsdCompact } from '../../lib/usd-format.js';

const TITLES = { markets: 'Top coins by market cap', trending: 'Trending searches' } as const;

/** Rows shown before "Show all": a market snapshot holds up to 250 coins per page. */
const FIRST_ROWS = 15;

/** One snapshot as a small table: rank, coin, price, market cap, 24h volume; with its time taken. */
export function CoinGeckoSnapshotTable({ snapshot }: { snapshot: CoinGeckoSnapshot }) {
  const [all, setAll] = useState(false);
  const rows = all ? snapshot.items : snapshot.items.slice(0, FIRST_ROWS);
  return (
    <div
      className="snapshot"
      data-testid="coingecko-snapshot"
      data-kind={snapshot.kind}
      data-snapshot-id={snapshot.id}
      data-taken-at={snapshot.takenAt}
      data-count={snapshot.items.length}
    >
      <div className="snapshot__head">
        <h3 className="subhead">{TITLES[snapshot.kind]}</h3>
        <span className="muted">
          taken <span className="num">{formatUtc(snapshot.takenAt)}</span> UTC
          {snapshot.sourceTime && (
            <>
              {' '}
              · CoinGecko data as of <span className="num">{formatUtc(snapshot.sourceTime)}</span>
            </>
          )}{' '}
          · {formatInt(snapshot.items.length)} coins
        </span>
      </div>
      <div className="table-wrap">
        <table className="table table--compact">
          <thead>
            <tr>
              <th className="num">#</th>
              <th>Coin</th>
              <th className="num">Cap rank</th>
              <th className="num">Price (USD)</th>
              <th className="num">Market cap</th>
              <th className="num">Volume 24h</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((item) => (
              <tr key={item.id} data-testid="coingecko-item" data-rank={item.rank} data-id={item.id}>
                <td className="num muted">{item.rank}</td>
                <td>
                  <span className="strong mono">{item.symbol.toUpperCase()}</span>{' '}
                  <span className="muted">{item.name}</span>
                </td>
                <td className="num" data-col="marketCapRank">
                  {formatInt(item.marketCapRank)}
                </td>
                <td className="num" data-col="priceUsd" data-value={item.priceUsd ?? ''}>
                  {formatUsd(item.priceUsd)}
                </td>
                <td className="num" data-col="marketCapUsd" data-value={item.marketCapUsd ?? ''}>
                  {formatUsdCompact(item.marketCapUsd)}
                </td>
                <td className="num" data-col="volume24hUsd" data-value={item.volume24hUsd ?? ''}>
                  {formatUsdCompact(item.volume24hUsd)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {snapshot.items.length > FIRST_ROWS && (
        <button type="button" className="button button--small" onClick={() => setAll((a) => !a)}>
          {all ? `Show the first ${FIRST_ROWS}` : `Show all ${formatInt(snapshot.items.length)}`}
        </button>
      )}
    </div>
  );
}
