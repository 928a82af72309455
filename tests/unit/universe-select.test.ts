import { describe, expect, it } from 'vitest';
import {
  selectUniverse,
  type ContractInput,
  type TickerInput,
} from '../../src/core/universe/select-universe.js';

const perp = (symbol: string, overrides: Partial<ContractInput> = {}): ContractInput => ({
  symbol,
  status: 'TRADING',
  quoteAsset: 'USDT',
  contractType: 'PERPETUAL',
  ...overrides,
});
const ticker = (symbol: string, quoteVolume: number, lastPrice: number | null = 1): TickerInput => ({
  symbol,
  quoteVolume,
  lastPrice,
});

describe('selectUniverse', () => {
  const contracts = [
    perp('AUSDT'),
    perp('BUSDT'),
    perp('CUSDT'),
    perp('DUSDT'),
    perp('EUSDT'),
    perp('SETTLEDUSDT', { status: 'SETTLING' }),
    perp('AUSDC', { quoteAsset: 'USDC' }),
    perp('AUSDT_260626', { contractType: 'CURRENT_QUARTER' }),
  ];
  const tickers = [
    ticker('CUSDT', 3_000_000),
    ticker('AUSDT', 9_000_000, 100.5),
    ticker('SETTLEDUSDT', 50_000_000),
    ticker('AUSDC', 40_000_000),
    ticker('AUSDT_260626', 30_000_000),
    ticker('BUSDT', 400_000),
    ticker('DUSDT', 3_000_000),
    ticker('NOTLISTEDUSDT', 70_000_000),
  ];

  it('keeps trading USDT perpetuals by 24h quote volume, ranked from 1; equal volumes by symbol', () => {
    const result = selectUniverse(tickers, contracts, { fetchN: 10, selectN: 10, minQuoteVolume: 500_000 });
    expect(result.candidates).toBe(5);
    expect(result.members).toEqual([
      { rank: 1, symbol: 'AUSDT', quoteVolume: 9_000_000, lastPrice: 100.5 },
      { rank: 2, symbol: 'CUSDT', quoteVolume: 3_000_000, lastPrice: 1 },
      { rank: 3, symbol: 'DUSDT', quoteVolume: 3_000_000, lastPrice: 1 },
    ]);
  });

  it('applies fetchN before the volume floor and selectN after it', () => {
    // Top 2 by volume are AUSDT and CUSDT; the floor drops none of them; selectN keeps 1.
    expect(
      selectUniverse(tickers, contracts, { fetchN: 2, selectN: 1, minQuoteVolume: 0 }).members.map(
        (m) => m.symbol,
      ),
    ).toEqual(['AUSDT']);
    // The floor applies to the fetched top only: BUSDT (4th) is outside fetchN = 3 whatever the floor.
    expect(
      selectUniverse(tickers, contracts, { fetchN: 3, selectN: 10, minQuoteVolume: 0 }).members.map(
        (m) => m.symbol,
      ),
    ).toEqual(['AUSDT', 'CUSDT', 'DUSDT']);
    expect(
      selectUniverse(tickers, contracts, { fetchN: 10, selectN: 10, minQuoteVolume: 0 }).members.map(
        (m) => m.symbol,
      ),
    ).toContain('BUSDT');
    expect(
      selectUniverse(tickers, contracts, { fetchN: 10, selectN: 10, minQuoteVolume: 5_000_000 }).members.map(
        (m) => m.symbol,
      ),
    ).toEqual(['AUSDT']);
  });

  it('leaves out candidates without a ticker and gives an empty universe when none qualifies', () => {
    const result = selectUniverse([ticker('AUSDT', 10)], contracts, {
      fetchN: 10,
      selectN: 10,
      minQuoteVolume: 500_000,
    });
    expect(result).toEqual({ candidates: 5, members: [] });
    expect(selectUniverse([], [], { fetchN: 10, selectN: 10, minQuoteVolume: 0 })).toEqual({
      candidates: 0,
      members: [],
    });
  });
});
