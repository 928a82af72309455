import type { MarketKind } from '../../shared/contract/index.js';

const MARKET_LABELS: Record<MarketKind, string> = {
  stock: 'stock',
  'crypto-spot': 'spot',
  'crypto-perp': 'perp (UM)',
};

/** Short market name for tables: "spot", "perp (UM)". */
export const marketLabel = (market: MarketKind): string => MARKET_LABELS[market];
