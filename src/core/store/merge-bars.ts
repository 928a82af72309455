import { allocateColumns, barCount, CORE_COLUMNS, EXTRA_COLUMNS, type BarColumns } from './bar-columns.js';

/**
 * Union of two runs of bars by time; where both have a bar at the same time, `incoming` wins.
 * An extra column missing on one side becomes NaN for that side's rows.
 */
export function mergeBarColumns(existing: BarColumns, incoming: BarColumns): BarColumns {
  const a = existing.time;
  const b = incoming.time;
  const withExtras = EXTRA_COLUMNS.some((name) => existing[name] || incoming[name]);
  const merged = allocateColumns(barCount(existing) + barCount(incoming), withExtras);
  const names = [...CORE_COLUMNS, ...(withExtras ? EXTRA_COLUMNS : [])];
  let i = 0;
  let j = 0;
  let k = 0;
  const take = (from: BarColumns, index: number) => {
    for (const name of names) merged[name]![k] = from[name]?.[index] ?? NaN;
    k++;
  };
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i] < b[j])) take(existing, i++);
    else {
      if (i < a.length && a[i] === b[j]) i++;
      take(incoming, j++);
    }
  }
  const out = {} as BarColumns;
  for (const name of names) out[name] = merged[name]!.subarray(0, k);
  return out;
}
