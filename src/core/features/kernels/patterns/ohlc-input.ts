/**
 * Checks the open/high/low/close arrays a pattern kernel receives (one length) and returns the output
 * array: `out` when given (it must have that length), else a new one. Errors name the kernel.
 */
export function patternOutput(
  kernel: string,
  open: Float64Array,
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  out: Float64Array | undefined,
): Float64Array {
  const n = open.length;
  if (high.length !== n || low.length !== n || close.length !== n) {
    throw new RangeError(
      `${kernel}: open/high/low/close lengths differ (${n}/${high.length}/${low.length}/${close.length})`,
    );
  }
  if (out === undefined) return new Float64Array(n);
  if (out.length !== n) throw new RangeError(`${kernel}: out has length ${out.length}, expected ${n}`);
  return out;
}
