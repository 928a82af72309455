import type { CoinGeckoItem } from '../../../shared/contract/index.js';
import { validRank } from './market-items.js';
import type { TrendingResponse } from './schemas.js';

/**
 * Turns `/search/trending` into snapshot items: the rank is the position in CoinGecko's list (1 =
 * most searched), beside the coin's market-cap rank. Figures are USD: `data.price` is a number,
 * `data.market_cap` and `data.total_volume` display text ("$1,525,034,530,242").
 */
export function trendingItems(response: TrendingResponse): CoinGeckoItem[] {
  return response.coins.map(({ item }, i) => ({
    rank: i + 1,
    id: item.id,
    symbol: item.symbol ?? '',
    name: item.name ?? item.id,
    marketCapRank: validRank(item.market_cap_rank),
    priceUsd: usdAmount(item.data?.price),
    marketCapUsd: usdAmount(item.data?.market_cap),
    volume24hUsd: usdAmount(item.data?.total_volume),
  }));
}

/**
 * A USD amount from a number or display text ("$3,463,333", "0.0017"); null when there is none or
 * the text is not an amount (CoinGecko writes "-" or "" for unknown figures).
 */
export function usdAmount(value: number | string | null | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const text = value.trim().replace(/^\$/, '').replace(/,/g, '');
  if (!/^\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text)) return null;
  return Number(text);
}
