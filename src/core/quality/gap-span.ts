/** A stretch without bars: times of the bar before and the bar after it, and the slots between. */
export interface GapSpan {
  after: number;
  before: number;
  missingBars: number;
}

/** At most this many gaps are listed in a report (the totals count all of them). */
export const LISTED_GAPS = 200;

/** Indexes of the gaps to list: longest first, earlier first among equals, at most `limit`. */
export function longestGapIndexes(gaps: readonly GapSpan[], limit = LISTED_GAPS): number[] {
  const order = Array.from(gaps.keys());
  order.sort((a, b) => gaps[b].missingBars - gaps[a].missingBars || gaps[a].after - gaps[b].after);
  return order.slice(0, limit);
}
