import type { QualityGap, QualityReport } from '../../shared/contract/index.js';

export type GapOrder = 'longest' | 'time';

/**
 * Gaps longest first (what hurts training most), ties in time order; or all in time order (to
 * read a series' history). Returns a new array.
 */
export function sortGaps(gaps: readonly QualityGap[], order: GapOrder): QualityGap[] {
  const byTime = (a: QualityGap, b: QualityGap) => Date.parse(a.after) - Date.parse(b.after);
  return [...gaps].sort(
    order === 'longest' ? (a, b) => b.missingBars - a.missingBars || byTime(a, b) : byTime,
  );
}

/** How many of the listed gaps are venue-wide outages and how many are missing only here. */
export function gapKindCounts(gaps: readonly QualityGap[]): { outage: number; missing: number } {
  let outage = 0;
  for (const gap of gaps) if (gap.kind === 'outage') outage++;
  return { outage, missing: gaps.length - outage };
}

/**
 * 0.99873 → "99.87%". A series that is not complete never reads "100.00%": rounding up would hide
 * the very bars the column is there to show.
 */
export function formatCompleteness(ratio: number): string {
  if (!Number.isFinite(ratio)) return '—';
  if (ratio >= 1) return '100%';
  const percent = Math.floor(Math.max(0, ratio) * 10_000) / 100;
  return `${percent.toFixed(2)}%`;
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "15m" → 900000; null for intervals without a fixed length (months) or unknown text. */
export function intervalMs(interval: string): number | null {
  const match = /^(\d+)([smhdw])$/.exec(interval);
  if (!match) return null;
  const count = Number(match[1]);
  return count > 0 ? count * UNIT_MS[match[2]] : null;
}

/** Time the missing bars of a gap would have covered, in seconds; null for unknown intervals. */
export function gapSeconds(gap: Pick<QualityGap, 'missingBars'>, interval: string): number | null {
  const ms = intervalMs(interval);
  return ms == null ? null : (gap.missingBars * ms) / 1000;
}

/** One instrument at one interval. */
export const qualityKey = (r: Pick<QualityReport, 'symbol' | 'market' | 'interval'>): string =>
  `${r.symbol}|${r.market}|${r.interval}`;

/** Table order: symbol, market, then intervals shortest first (1m before 1h, unlike text order). */
export function sortQualityReports(reports: readonly QualityReport[]): QualityReport[] {
  const length = (r: QualityReport) => intervalMs(r.interval) ?? Number.MAX_SAFE_INTEGER;
  return [...reports].sort(
    (a, b) =>
      a.symbol.localeCompare(b.symbol) ||
      a.market.localeCompare(b.market) ||
      length(a) - length(b) ||
      a.interval.localeCompare(b.interval),
  );
}

/** Why a series is not trainable, in the report's own terms; empty when it is. */
export function untrainableReasons(r: QualityReport): string[] {
  if (r.trainable) return [];
  const reasons: string[] = [];
  if (r.bars < 1000) reasons.push(`only ${r.bars} bars (needs 1,000)`);
  if (!r.chronological) reasons.push('bars out of time order');
  if (r.duplicates > 0) reasons.push(`${r.duplicates} duplicate bars`);
  return reasons;
}
