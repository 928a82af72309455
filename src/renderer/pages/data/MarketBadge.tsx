import type { MarketKind } from '../../../shared/contract/index.js';
import { marketLabel, marketShortLabel } from '../../lib/market-label.js';

/**
 * The market kind of an instrument, coloured per kind so stocks and crypto tell apart at a glance.
 * `short` for tight places (the heatmap's row labels).
 */
export function MarketBadge({ market, short = false }: { market: MarketKind; short?: boolean }) {
  return (
    <span className={`market-badge market-badge--${market}`} data-market={market} title={market}>
      {short ? marketShortLabel(market) : marketLabel(market)}
    </span>
  );
}
