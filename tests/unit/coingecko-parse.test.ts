import { describe, expect, it } from 'vitest';
import { marketItems, validRank } from '../../src/core/ingest/coingecko/market-items.js';
import { MarketsPage, TrendingResponse, type MarketsCoin } from '../../src/core/ingest/coingecko/schemas.js';
import { trendingItems, usdAmount } from '../../src/core/ingest/coingecko/trending-items.js';
import { loadMarkets, loadTrending, loadTrendingBody } from '../helpers/coingecko-replay/recordings.js';

describe('/coins/markets recordings', () => {
  it('parses the 250-coin listing with its nulls and keeps CoinGecko ranks and USD figures', () => {
    const raw = loadMarkets('dashbrd');
    const coins = MarketsPage.parse(raw);
    const { items, sourceTime, duplicates, rankFallbacks } = marketItems([coins]);
    expect(items).toHaveLength(250);
    expect(duplicates).toBe(0);
    expect(rankFallbacks).toBe(0);
    expect(items[0]).toEqual({
      rank: 1,
      id: 'bitcoin',
      symbol: 'btc',
      name: 'Bitcoin',
      marketCapRank: 1,
      priceUsd: 29309,
      marketCapUsd: 569778313238,
      volume24hUsd: 7555609615,
    });
    // Every coin keeps the figures CoinGecko sent, under its own market-cap rank.
    for (const coin of raw) {
      const item = items.find((i) => i.id === coin.id);
      expect(item).toMatchObject({
        rank: coin.market_cap_rank,
        priceUsd: coin.current_price,
        marketCapUsd: coin.market_cap,
        volume24hUsd: coin.total_volume,
      });
    }
    // The listing skips rank 250 and ends at 251: ranks are CoinGecko's, not positions.
    expect(items.at(-1)?.rank).toBe(251);
    expect(items.map((i) => i.rank)).toEqual([...items.map((i) => i.rank)].sort((a, b) => a - b));
    const newest = Math.max(...raw.map((c) => Date.parse(String(c.last_updated))));
    expect(sourceTime).toBe(newest);
    expect(new Date(newest).toISOString()).toBe('2023-07-28T20:03:30.055Z');
  });

  it('orders by rank where the listing has them out of order (2025-03-04: 21, 24, 23, 22)', () => {
    const raw = loadMarkets('monkey');
    const { items } = marketItems([MarketsPage.parse(raw)]);
    expect(items.map((i) => i.rank)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(items[21].id).toBe(raw[23].id);
    expect(items[21].marketCapRank).toBe(22);
  });

  it('falls back to the position for a coin without a rank, never taking a rank CoinGecko gave', () => {
    const real = MarketsPage.parse(loadMarkets('monkey')).slice(0, 4);
    // Second coin without rank (a new coin has none); its position (2) belongs to the third coin.
    const coins: MarketsCoin[] = [
      { ...real[0], market_cap_rank: 1 },
      { ...real[1], market_cap_rank: null },
      { ...real[2], market_cap_rank: 2 },
      { ...real[3], market_cap_rank: 3 },
    ];
    const { items, rankFallbacks } = marketItems([coins]);
    expect(rankFallbacks).toBe(1);
    expect(items.map((i) => [i.rank, i.id, i.marketCapRank])).toEqual([
      [1, real[0].id, 1],
      [2, real[2].id, 2],
      [3, real[3].id, 3],
      [4, real[1].id, null],
    ]);
  });

  it('keeps the first listing of a coin that shows on two pages, and a taken rank goes to the next free one', () => {
    const real = MarketsPage.parse(loadMarkets('monkey')).slice(0, 3);
    const pages = [
      [real[0], real[1]],
      [real[1], { ...real[2], market_cap_rank: 2 }],
    ];
    const { items, duplicates, rankFallbacks } = marketItems(pages);
    expect(duplicates).toBe(1);
    expect(rankFallbacks).toBe(1);
    expect(items.map((i) => [i.rank, i.id])).toEqual([
      [1, real[0].id],
      [2, real[1].id],
      [3, real[2].id],
    ]);
  });

  it('rejects what is not a listing: an object, or a coin without id', () => {
    expect(MarketsPage.safeParse(loadTrending()).success).toBe(false);
    const [first] = loadMarkets('monkey');
    expect(MarketsPage.safeParse([{ ...first, id: undefined }]).success).toBe(false);
    expect(MarketsPage.safeParse([{ ...first, current_price: null, market_cap_rank: null }]).success).toBe(
      true,
    );
  });

  it('accepts only positive whole ranks', () => {
    expect([validRank(3), validRank(0), validRank(-1), validRank(2.5), validRank(null)]).toEqual([
      3,
      null,
      null,
      null,
      null,
    ]);
  });
});

describe('/search/trending recording', () => {
  it('is not valid UTF-8 (a raw 0xA0 byte), so the client must decode leniently', () => {
    const body = loadTrendingBody();
    expect(body.includes(0xa0)).toBe(true);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(body)).toThrow();
    expect(body.subarray(0, 1).toString()).toBe('{');
  });

  it('gives 15 coins ranked by position, with market-cap rank and USD figures from the display text', () => {
    const response = TrendingResponse.parse(loadTrending());
    const items = trendingItems(response);
    expect(items).toHaveLength(15);
    expect(items.map((i) => i.rank)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(items[0]).toEqual({
      rank: 1,
      id: 'qubic-network',
      symbol: 'QUBIC',
      name: 'Qubic',
      marketCapRank: 368,
      priceUsd: 9.04766669820536e-7,
      marketCapUsd: 104127324,
      volume24hUsd: 3463333,
    });
    expect(items[4]).toMatchObject({
      id: 'bitcoin',
      marketCapRank: 1,
      priceUsd: 76700.11615527925,
      marketCapUsd: 1525034530242,
      volume24hUsd: 71123989677,
    });
  });

  it('tolerates a coin without data or rank', () => {
    const response = TrendingResponse.parse(loadTrending());
    const bare = { coins: [{ item: { ...response.coins[0].item, data: null, market_cap_rank: null } }] };
    expect(trendingItems(TrendingResponse.parse(bare))[0]).toMatchObject({
      rank: 1,
      marketCapRank: null,
      priceUsd: null,
      marketCapUsd: null,
    });
  });

  it('reads USD amounts from numbers and display text, and nothing from other text', () => {
    expect(usdAmount('$1,525,034,530,242')).toBe(1525034530242);
    expect(usdAmount('0.00000000001179202078295037')).toBeCloseTo(1.179202078295037e-11, 25);
    expect(usdAmount(0.5)).toBe(0.5);
    expect(usdAmount('-')).toBeNull();
    expect(usdAmount('')).toBeNull();
    expect(usdAmount('0.002 BTC')).toBeNull();
    expect(usdAmount(undefined)).toBeNull();
  });
});
