import type { UniverseSnapshot } from '../../shared/contract/index.js';

const usdCompact = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  notation: 'compact',
  minimumFractionDigits: 0,
  maximumFractionDigits: 2,
});

/** 1234567890 → "$1.23B": 24h quote volumes span five orders of magnitude. */
export function formatUsdCompact(value: number): string {
  return Number.isFinite(value) ? usdCompact.format(value) : '—';
}

/** The rule that picked the snapshot's members, in words. */
export function describeUniverseRule(
  s: Pick<UniverseSnapshot, 'fetchN' | 'selectN' | 'minQuoteVolume' | 'candidates'>,
): string {
  return (
    `Top ${s.fetchN} of ${s.candidates} USD-M perpetuals by 24h quote volume, ` +
    `at least ${formatUsdCompact(s.minQuoteVolume)}, ${s.selectN} kept`
  );
}
