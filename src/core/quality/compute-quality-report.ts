import type { MarketKind, QualityReport } from '../../shared/contract/index.js';
import type { BarColumns } from '../store/bar-columns.js';
import { EXAMPLES_PER_KIND, FaultExamples, isoTime } from './fault-examples.js';
import { longestGapIndexes, type GapSpan } from './gap-span.js';
import { intervalGrid, type IntervalGrid } from './interval-grid.js';
import { describeBarFault, isSoundBar } from './ohlc-check.js';

export interface SeriesMeta {
  symbol: string;
  venue: string;
  market: MarketKind;
}

/** A report plus what cross-instrument classification needs, which the report only lists in part. */
export interface SeriesAnalysis {
  /** Gaps still all 'missing'; `classifyGaps` decides which are outages. */
  report: QualityReport;
  /** Every gap, in time order. */
  gaps: GapSpan[];
  /** For each entry of `report.gaps`, its index in `gaps`. */
  listed: number[];
  /** Earliest and latest bar time, null without bars. */
  first: number | null;
  last: number | null;
}

/** A series needs this many bars before a model may be trained on it. */
export const MIN_TRAINABLE_BARS = 1000;

/** The quality report of one instrument × interval; gaps are all 'missing' until classified. */
export function computeQualityReport(
  columns: BarColumns,
  interval: string,
  meta: SeriesMeta,
  now: number,
): QualityReport {
  return analyzeSeries(columns, interval, meta, now).report;
}

/**
 * Scans the bars once: ordering, alignment, prices and gaps, without allocating per bar. A series
 * that is not in time order is scanned a second time, sorted, to count duplicates and find gaps
 * between the bars actually present. Stock bars outside the regular session (extended hours) are
 * kept and counted in the examples, but expect nothing and leave no gap: gaps, expected bars and
 * completeness are over session slots only.
 */
export function analyzeSeries(
  columns: BarColumns,
  interval: string,
  meta: SeriesMeta,
  now: number,
): SeriesAnalysis {
  const grid = intervalGrid(interval, meta.market);
  const { time, open, high, low, close, volume } = columns;
  const n = time.length;
  const examples = new FaultExamples();
  let gaps: GapSpan[] = [];
  let first = Infinity;
  let last = -Infinity;
  // Earliest and latest bar that fills an expected slot (all bars but stock extended hours).
  let firstExpected = Infinity;
  let lastExpected = -Infinity;
  // The last expected bar seen: gaps are measured between expected bars only.
  let previousExpected = Number.NaN;
  let expectedCount = 0;
  const outside = new OutsideSessionBars();
  let chronological = true;
  let ohlcViolations = 0;
  let misaligned = 0;

  for (let i = 0; i < n; i++) {
    const t = time[i];
    if (t < first) first = t;
    if (t > last) last = t;
    const expected = grid.isExpected(t);
    if (!expected) {
      outside.add(t);
    } else {
      expectedCount++;
      if (t < firstExpected) firstExpected = t;
      if (t > lastExpected) lastExpected = t;
      if (!grid.isAligned(t)) {
        misaligned++;
        if (examples.wants('misaligned')) examples.add('misaligned', t, misalignedProblem(t, grid));
      }
    }
    const o = open[i];
    const h = high[i];
    const l = low[i];
    const c = close[i];
    const v = volume[i];
    if (!isSoundBar(o, h, l, c, v)) {
      ohlcViolations++;
      if (examples.wants('ohlc')) examples.add('ohlc', t, describeBarFault(o, h, l, c, v));
    }
    const previousGapEnd = previousExpected;
    if (expected) previousExpected = t;
    if (i === 0) continue;
    const prev = time[i - 1];
    if (t > prev) {
      // Gaps lie between expected bars: a stock's extended-hours bar neither opens nor closes one.
      if (expected && t > previousGapEnd) {
        const missing = grid.stepsBetween(previousGapEnd, t) - 1;
        if (missing > 0) gaps.push({ after: previousGapEnd, before: t, missingBars: missing });
      }
    } else {
      chronological = false;
      // An equal time is a duplicate: the sorted pass below counts and exemplifies those.
      if (t !== prev && examples.wants('out of order')) {
        examples.add(
          'out of order',
          t,
          `bar ${i} opens at ${isoTime(t)}, not after the bar before it (${isoTime(prev)})`,
        );
      }
    }
  }

  let duplicates = 0;
  let expectedDuplicates = 0;
  if (!chronological) {
    const sorted = Float64Array.from(time).sort();
    ({ duplicates, expectedDuplicates } = countDuplicates(sorted, grid, examples));
    gaps = findGaps(sorted, grid);
  }
  outside.addExamples(examples, grid);

  const hasBars = n > 0 && Number.isFinite(first) && Number.isFinite(last);
  const hasExpected = expectedCount > 0 && Number.isFinite(firstExpected) && Number.isFinite(lastExpected);
  const expectedBars = hasExpected ? grid.stepsBetween(firstExpected, lastExpected) + 1 : 0;
  const listed = longestGapIndexes(gaps);
  let missingBars = 0;
  for (const gap of gaps) missingBars += gap.missingBars;

  const report: QualityReport = {
    symbol: meta.symbol,
    venue: meta.venue,
    market: meta.market,
    interval,
    computedAt: new Date(now).toISOString(),
    bars: n,
    first: hasBars ? isoTime(first) : null,
    last: hasBars ? isoTime(last) : null,
    expectedBars,
    // Distinct expected bars: a duplicate fills no slot, nor does an extended-hours stock bar.
    completeness:
      expectedBars > 0 ? Math.min(1, Math.max(0, (expectedCount - expectedDuplicates) / expectedBars)) : 0,
    trainable: n >= MIN_TRAINABLE_BARS && chronological && duplicates === 0,
    chronological,
    duplicates,
    ohlcViolations,
    misaligned,
    examples: examples.list(),
    gapCount: gaps.length,
    missingBars,
    gaps: listed.map((index) => ({
      after: isoTime(gaps[index].after),
      before: isoTime(gaps[index].before),
      missingBars: gaps[index].missingBars,
      kind: 'missing' as const,
    })),
  };
  return { report, gaps, listed, first: hasBars ? first : null, last: hasBars ? last : null };
}

/**
 * Bars beyond the first at each time, in sorted times; NaN times count as duplicates of each other.
 * `expectedDuplicates` counts those among expected bars (all of them around the clock).
 */
function countDuplicates(
  sorted: Float64Array,
  grid: IntervalGrid,
  examples: FaultExamples,
): { duplicates: number; expectedDuplicates: number } {
  let duplicates = 0;
  let expectedDuplicates = 0;
  for (let i = 1; i < sorted.length; i++) {
    const t = sorted[i];
    if (t === sorted[i - 1] || (t !== t && sorted[i - 1] !== sorted[i - 1])) {
      duplicates++;
      if (grid.isExpected(t)) expectedDuplicates++;
      if (examples.wants('duplicate') && t !== sorted[i - 2]) {
        examples.add('duplicate', t, `more than one bar opens at ${isoTime(t)}`);
      }
    }
  }
  return { duplicates, expectedDuplicates };
}

/**
 * Gaps between the distinct expected times of a sorted series (NaN times, sorted last, are
 * skipped; so are stock bars outside the session, which neither open nor close a gap).
 */
function findGaps(sorted: Float64Array, grid: IntervalGrid): GapSpan[] {
  const gaps: GapSpan[] = [];
  let prev = Number.NaN;
  for (let i = 0; i < sorted.length; i++) {
    const t = sorted[i];
    if (!grid.isExpected(t)) continue;
    if (t > prev) {
      const missing = grid.stepsBetween(prev, t) - 1;
      if (missing > 0) gaps.push({ after: prev, before: t, missingBars: missing });
    }
    if (t === t) prev = t;
  }
  return gaps;
}

/**
 * Stock bars outside the regular session (pre-market, after hours, or dated on a closed day): they
 * are kept, so the report shows how many there are and a few of them, but they are not faults.
 */
class OutsideSessionBars {
  count = 0;
  private readonly firstTimes: number[] = [];

  add(time: number): void {
    this.count++;
    if (this.firstTimes.length < EXAMPLES_PER_KIND) this.firstTimes.push(time);
  }

  addExamples(examples: FaultExamples, grid: IntervalGrid): void {
    this.firstTimes.forEach((time, k) => {
      const problem =
        k === 0
          ? `${this.count} bar${this.count === 1 ? ' lies' : 's lie'} outside the regular session (kept; not ` +
            `expected, not gaps); the first: ${grid.describeUnexpected(time)}`
          : grid.describeUnexpected(time);
      examples.add('outside session', time, problem);
    });
  }
}

function misalignedProblem(time: number, grid: IntervalGrid): string {
  if (!Number.isFinite(time)) return `open time ${time} is not a time`;
  return `open time is not on ${grid.boundary}`;
}
