import type { MarketKind, QualityGap } from '../../shared/contract/index.js';
import { DAY_MS } from '../time/intervals.js';
import type { GapSpan } from './gap-span.js';
import { intervalGrid, type IntervalGrid } from './interval-grid.js';

export type GapKind = QualityGap['kind'];

/** A span of time, inclusive at both ends (epoch ms). */
export interface TimeRange {
  from: number;
  to: number;
}

/** One instrument's gaps (in time order) and the stretches its data covers. */
export interface SeriesGaps {
  gaps: readonly GapSpan[];
  covered: readonly TimeRange[];
}

/**
 * A hole longer than this is taken as data that was never fetched (or a symbol not listed yet),
 * not as an outage: Binance's longest outages lasted hours to a day or two. Such a hole ends a
 * covered range, so the instrument is no witness for what happened inside it.
 */
export function uncoveredAfterMs(interval: string): number {
  return Math.max(7 * DAY_MS, 30 * intervalGrid(interval).stepMs);
}

/** The stretches from `first` to `last` that are not interrupted by a hole of `uncoveredAfterMs`. */
export function coveredRanges(
  first: number | null,
  last: number | null,
  gaps: readonly GapSpan[],
  interval: string,
): TimeRange[] {
  if (first === null || last === null) return [];
  const limit = uncoveredAfterMs(interval);
  const ranges: TimeRange[] = [];
  let from = first;
  for (const gap of gaps) {
    if (gap.before - gap.after <= limit) continue;
    ranges.push({ from, to: gap.after });
    from = gap.before;
  }
  ranges.push({ from, to: last });
  return ranges;
}

/**
 * Classifies every gap of instruments of one venue and market at one interval. A gap is an
 * 'outage' when at least one other instrument's data covers its stretch and every such instrument
 * also lacks bars over at least half of it; else it is 'missing' (this symbol's data alone is
 * incomplete, or nothing can tell). Returns, per series, the kind of each of its gaps. The market
 * picks the grid the gaps were counted on (stock gaps count session slots only).
 */
export function classifyGaps(
  interval: string,
  series: readonly SeriesGaps[],
  market?: MarketKind,
): GapKind[][] {
  const grid = intervalGrid(interval, market);
  return series.map((own, ownIndex) =>
    own.gaps.map((gap) => {
      let witnesses = 0;
      for (let other = 0; other < series.length; other++) {
        if (other === ownIndex || !covers(series[other].covered, gap)) continue;
        witnesses++;
        if (2 * missingWithin(series[other].gaps, gap, grid) < gap.missingBars) return 'missing';
      }
      return witnesses > 0 ? 'outage' : 'missing';
    }),
  );
}

function covers(ranges: readonly TimeRange[], gap: GapSpan): boolean {
  return ranges.some((range) => range.from <= gap.after && gap.before <= range.to);
}

/** Bar slots inside `gap` that `gaps` (another series' gaps, in time order) also lack. */
function missingWithin(gaps: readonly GapSpan[], gap: GapSpan, grid: IntervalGrid): number {
  let missing = 0;
  for (let i = firstEndingAfter(gaps, gap.after); i < gaps.length && gaps[i].after < gap.before; i++) {
    const from = Math.max(gaps[i].after, gap.after);
    const to = Math.min(gaps[i].before, gap.before);
    missing += Math.max(0, grid.stepsBetween(from, to) - 1);
  }
  return missing;
}

/** Index of the first gap whose `before` is later than `time` (binary search). */
function firstEndingAfter(gaps: readonly GapSpan[], time: number): number {
  let lo = 0;
  let hi = gaps.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (gaps[mid].before <= time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Writes the kinds into a report's listed gaps (`listed[k]` is the index of `report.gaps[k]`). */
export function applyGapKinds(
  reportGaps: QualityGap[],
  listed: readonly number[],
  kinds: readonly GapKind[],
): QualityGap[] {
  return reportGaps.map((gap, k) => ({ ...gap, kind: kinds[listed[k]] }));
}
