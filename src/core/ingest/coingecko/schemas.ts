import { z } from 'zod';

/**
 * The parts of CoinGecko's answers the lab keeps, checked before anything is stored. The real API
 * sends null for numbers it does not know (a new coin has no market cap, a delisted one no price)
 * and sometimes leaves fields out, so every number is nullable and optional; only what identifies
 * a coin is required. Fields not listed are ignored.
 */
const maybeNumber = z.number().nullable().optional();
/** Trending figures come as numbers or as display text such as "$1,525,034,530,242". */
const numberOrText = z.union([z.number(), z.string()]).nullable().optional();

/** One coin of `GET /coins/markets`. */
export const MarketsCoin = z.object({
  id: z.string().min(1),
  symbol: z.string().nullable().optional(),
  name: z.string().nullable().optional(),
  current_price: maybeNumber,
  market_cap: maybeNumber,
  market_cap_rank: maybeNumber,
  total_volume: maybeNumber,
  /** ISO time of CoinGecko's last update of this coin. */
  last_updated: z.string().nullable().optional(),
});
export type MarketsCoin = z.infer<typeof MarketsCoin>;

/** `GET /coins/markets`: one page of coins by market cap. */
export const MarketsPage = z.array(MarketsCoin);

/** One coin of `GET /search/trending`. `data` carries USD figures (price as a number, the rest as text). */
export const TrendingCoin = z.object({
  item: z.object({
    id: z.string().min(1),
    symbol: z.string().nullable().optional(),
    name: z.string().nullable().optional(),
    market_cap_rank: maybeNumber,
    data: z
      .object({
        price: numberOrText,
        market_cap: numberOrText,
        total_volume: numberOrText,
      })
      .nullable()
      .optional(),
  }),
});
export type TrendingCoin = z.infer<typeof TrendingCoin>;

/** `GET /search/trending`: trending coins in order (NFTs and categories are not kept). */
export const TrendingResponse = z.object({ coins: z.array(TrendingCoin) });
export type TrendingResponse = z.infer<typeof TrendingResponse>;
