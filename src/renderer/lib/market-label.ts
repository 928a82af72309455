import { MarketKind } from '../../shared/contract/index.js';

const MARKET_LABELS: Record<MarketKind, string> = {
  stock: 'stock',
  'crypto-spot': 'spot',
  'crypto-perp': 'perp (UM)',
};

/** Short market name for tables: "spot", "perp (UM)". */
export const marketLabel = (market: MarketKind): string => MARKET_LABELS[market];

const SHORT_LABELS: Record<MarketKind, string> = {
  stock: 'stock',
  'crypto-spot': 'spot',
  'crypto-perp': 'perp',
};

/** Shortest market name, for the heatmap's row labels: "stock", "spot", "perp". */
export const marketShortLabel = (market: MarketKind): string => SHORT_LABELS[market];

/** The coverage views' market filter: '' shows every market. */
export type MarketFilter = MarketKind | '';

export const marketFilterChoices: readonly { value: MarketFilter; label: string }[] = [
  { value: '', label: 'All markets' },
  { value: 'stock', label: 'Stocks (US)' },
  { value: 'crypto-spot', label: 'Crypto spot' },
  { value: 'crypto-perp', label: 'Crypto perpetuals (USD-M)' },
];

/** The rows of one market kind, or all of them. */
export function filterByMarket<R extends { market: MarketKind }>(
  rows: readonly R[],
  market: MarketFilter,
): R[] {
  return market === '' ? [...rows] : rows.filter((r) => r.market === market);
}

/** Which market kinds the rows hold, in the contract's order (the filter offers only these). */
export function marketsPresent(rows: readonly { market: MarketKind }[]): MarketKind[] {
  const present = new Set(rows.map((r) => r.market));
  return MarketKind.options.filter((m) => present.has(m));
}
