import type { CoinGeckoItem } from '../../../shared/contract/index.js';
import type { MarketsCoin } from './schemas.js';

export interface MarketItems {
  /** One per coin, ordered by rank; ranks are unique (the store's key). */
  items: CoinGeckoItem[];
  /** Newest `last_updated` of the coins, epoch ms; null when no coin has one. */
  sourceTime: number | null;
  /** Coins listed twice (the list moved between two page requests); the first listing is kept. */
  duplicates: number;
  /** Coins whose rank is their position because CoinGecko gave none (or one already taken). */
  rankFallbacks: number;
}

/**
 * Turns the pages of `/coins/markets` (in the order they were requested) into snapshot items. The
 * rank is CoinGecko's `market_cap_rank`; a coin without one (no market cap yet) gets its position in
 * the listing, moved on to the next free number if a ranked coin holds it. Ranked coins are placed
 * first so a fallback never takes a rank CoinGecko gave to another coin.
 */
export function marketItems(pages: MarketsCoin[][]): MarketItems {
  const seen = new Set<string>();
  const coins: MarketsCoin[] = [];
  let duplicates = 0;
  for (const coin of pages.flat()) {
    if (seen.has(coin.id)) {
      duplicates++;
      continue;
    }
    seen.add(coin.id);
    coins.push(coin);
  }

  const ranks: (number | null)[] = coins.map(() => null);
  const taken = new Set<number>();
  coins.forEach((coin, i) => {
    const rank = validRank(coin.market_cap_rank);
    if (rank !== null && !taken.has(rank)) {
      ranks[i] = rank;
      taken.add(rank);
    }
  });
  let rankFallbacks = 0;
  coins.forEach((_, i) => {
    if (ranks[i] !== null) return;
    let rank = i + 1;
    while (taken.has(rank)) rank++;
    ranks[i] = rank;
    taken.add(rank);
    rankFallbacks++;
  });

  let sourceTime: number | null = null;
  const items = coins.map((coin, i): CoinGeckoItem => {
    const updated = coin.last_updated ? Date.parse(coin.last_updated) : NaN;
    if (Number.isFinite(updated) && (sourceTime === null || updated > sourceTime)) sourceTime = updated;
    return {
      rank: ranks[i] as number,
      id: coin.id,
      symbol: coin.symbol ?? '',
      name: coin.name ?? coin.id,
      marketCapRank: validRank(coin.market_cap_rank),
      priceUsd: coin.current_price ?? null,
      marketCapUsd: coin.market_cap ?? null,
      volume24hUsd: coin.total_volume ?? null,
    };
  });
  items.sort((a, b) => a.rank - b.rank);
  return { items, sourceTime, duplicates, rankFallbacks };
}

/** A rank as the store accepts it: a positive whole number, else none. */
export function validRank(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;
}
