import { expect } from 'vitest';

/** Test helpers of the volume and structure kernels: the streaming-parity check every kernel of the family runs. */

/** A streaming twin as the parity check drives it. */
export interface ParityStream {
  update(i: number): number | Record<string, number>;
  snapshot(): Float64Array;
}

/**
 * Streams every bar and checks each value against the batch output bit for bit (Object.is, so NaN
 * matches NaN and −0 differs from 0); then snapshots at `cut`, restores into a fresh stream and
 * checks that it continues identically. `batch` maps an output name to its column ('value' for a
 * single-output kernel).
 */
export function expectStreamParity(
  n: number,
  batch: Record<string, Float64Array>,
  fresh: () => ParityStream,
  restore: (state: Float64Array) => ParityStream,
  cut = Math.floor(n / 2),
): void {
  const names = Object.keys(batch);
  const check = (stream: ParityStream, from: number, to: number, label: string) => {
    for (let i = from; i < to; i++) {
      const got = stream.update(i);
      for (const name of names) {
        const value = typeof got === 'number' ? got : got[name];
        if (!Object.is(value, batch[name]![i])) {
          expect.fail(`${label} ${name} at bar ${i}: stream ${value}, batch ${batch[name]![i]}`);
        }
      }
    }
  };
  const whole = fresh();
  check(whole, 0, n, 'stream');
  const first = fresh();
  check(first, 0, cut, 'stream before snapshot');
  const state = first.snapshot();
  check(restore(Float64Array.from(state)), cut, n, `restored at ${cut}`);
}

/** Largest |a − b| / max(|b|, floor) over the indices where the reference is finite; NaN must match. */
export function maxRelativeError(
  got: Float64Array,
  reference: ArrayLike<number>,
  floor = 1e-12,
): { max: number; at: number } {
  let max = 0;
  let at = -1;
  for (let i = 0; i < reference.length; i++) {
    const r = reference[i]!;
    const g = got[i]!;
    if (Number.isNaN(r) || Number.isNaN(g)) {
      if (Number.isNaN(r) !== Number.isNaN(g)) expect.fail(`bar ${i}: got ${g}, reference ${r}`);
      continue;
    }
    const e = Math.abs(g - r) / Math.max(Math.abs(r), floor);
    if (e > max) {
      max = e;
      at = i;
    }
  }
  return { max, at };
}
