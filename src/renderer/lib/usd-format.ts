const DASH = '—';
const twoDecimals = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const fourSignificant = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 });

/** A coin price: "$67,012.50", or "$0.0001234" for the sub-dollar coins where the digits are the point. */
export function formatUsd(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return DASH;
  return Math.abs(value) >= 1 ? `$${twoDecimals.format(value)}` : `$${fourSignificant.format(value)}`;
}

const STEPS: readonly [number, string][] = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'K'],
];

/** A market cap or a volume: "$1.32T", "$456.7B", "$12.3M"; small amounts as they are. */
export function formatUsdCompact(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return DASH;
  for (const [size, suffix] of STEPS) {
    if (Math.abs(value) >= size) {
      const scaled = value / size;
      return `$${scaled.toFixed(Math.abs(scaled) >= 100 ? 0 : Math.abs(scaled) >= 10 ? 1 : 2)}${suffix}`;
    }
  }
  return `$${Math.round(value)}`;
}
