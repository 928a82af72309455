/** Refuses a window length that is not a positive integer, naming the kernel that got it. */
export function checkPeriod(where: string, period: number, name = 'period'): void {
  if (!Number.isInteger(period) || period < 1) {
    throw new Error(`${where}: ${name} must be a positive integer, got ${period}`);
  }
}

/** Refuses an input column whose length differs from the first one's. */
export function checkLengths(where: string, columns: Record<string, ArrayLike<number>>): number {
  let n = -1;
  let first = '';
  for (const [name, col] of Object.entries(columns)) {
    if (n < 0) {
      n = col.length;
      first = name;
    } else if (col.length !== n) {
      throw new Error(`${where}: ${first} has ${n} bars, ${name} ${col.length}`);
    }
  }
  return Math.max(n, 0);
}

/** The caller's output array, or a new one; refuses one shorter than the input. */
export function outputArray(where: string, n: number, out?: Float64Array): Float64Array {
  const res = out ?? new Float64Array(n);
  if (res.length < n) throw new Error(`${where}: out holds ${res.length} values, need ${n}`);
  return res;
}
