import { allocateColumns, barCount, CORE_COLUMNS, EXTRA_COLUMNS, type BarColumns } from './bar-columns.js';

/** Which side keeps its bar where both runs have one at the same time. */
export type BarConflictWinner = 'incoming' | 'existing';

export interface MergedBars {
  columns: BarColumns;
  /** Times both runs had (the loser's bar at each was discarded). */
  sharedTimes: number;
}

/**
 * Union of two runs of bars by time. Where both have a bar at the same time, `winner` decides
 * which one is kept: 'incoming' (the default: a re-download corrects what was stored) or
 * 'existing' (a backup source such as Yahoo fills gaps but never replaces a better source's bar).
 * An extra column missing on one side becomes NaN for that side's rows.
 */
export function mergeBarRuns(
  existing: BarColumns,
  incoming: BarColumns,
  winner: BarConflictWinner = 'incoming',
): MergedBars {
  const a = existing.time;
  const b = incoming.time;
  const withExtras = EXTRA_COLUMNS.some((name) => existing[name] || incoming[name]);
  const merged = allocateColumns(barCount(existing) + barCount(incoming), withExtras);
  const names = [...CORE_COLUMNS, ...(withExtras ? EXTRA_COLUMNS : [])];
  let i = 0;
  let j = 0;
  let k = 0;
  let sharedTimes = 0;
  const take = (from: BarColumns, index: number) => {
    for (const name of names) merged[name]![k] = from[name]?.[index] ?? NaN;
    k++;
  };
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i] < b[j])) take(existing, i++);
    else if (i < a.length && a[i] === b[j]) {
      sharedTimes++;
      if (winner === 'incoming') take(incoming, j);
      else take(existing, i);
      i++;
      j++;
    } else take(incoming, j++);
  }
  const columns = {} as BarColumns;
  for (const name of names) columns[name] = merged[name]!.subarray(0, k);
  return { columns, sharedTimes };
}

/** Union of two runs of bars by time; where both have a bar at the same time, `incoming` wins. */
export function mergeBarColumns(existing: BarColumns, incoming: BarColumns): BarColumns {
  return mergeBarRuns(existing, incoming, 'incoming').columns;
}
