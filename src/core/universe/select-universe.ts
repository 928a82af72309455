import type { UniverseMember } from '../../shared/contract/index.js';

export interface UniverseRule {
  /** How many perpetuals, by 24h quote volume, are considered. */
  fetchN: number;
  /** How many of those are kept. */
  selectN: number;
  /** Minimum 24h quote volume in USDT. */
  minQuoteVolume: number;
}

export interface TickerInput {
  symbol: string;
  quoteVolume: number;
  lastPrice: number | null;
}

export interface ContractInput {
  symbol: string;
  status: string;
  quoteAsset: string;
  contractType: string;
}

export interface UniverseSelection {
  /** USD-M perpetuals quoted in USDT and trading, before the volume rule. */
  candidates: number;
  members: UniverseMember[];
}

/**
 * The liquidity universe: USDT-quoted USD-M perpetuals that are TRADING, by 24h quote volume
 * (highest first), the top `fetchN`, of those the ones with at least `minQuoteVolume`, the first
 * `selectN`, ranked from 1. Equal volumes are ordered by symbol so a snapshot is reproducible.
 * A candidate without a ticker has no known volume and is left out.
 */
export function selectUniverse(
  tickers: TickerInput[],
  contracts: ContractInput[],
  rule: UniverseRule,
): UniverseSelection {
  const candidates = new Set(
    contracts
      .filter((c) => c.contractType === 'PERPETUAL' && c.quoteAsset === 'USDT' && c.status === 'TRADING')
      .map((c) => c.symbol),
  );
  const members = tickers
    .filter((t) => candidates.has(t.symbol) && Number.isFinite(t.quoteVolume))
    .sort((a, b) => b.quoteVolume - a.quoteVolume || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0))
    .slice(0, rule.fetchN)
    .filter((t) => t.quoteVolume >= rule.minQuoteVolume)
    .slice(0, rule.selectN)
    .map((t, i) => ({ rank: i + 1, symbol: t.symbol, quoteVolume: t.quoteVolume, lastPrice: t.lastPrice }));
  return { candidates: candidates.size, members };
}
