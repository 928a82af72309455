import { expect } from 'vitest';
import { allocateColumns, type BarColumns } from '../../src/core/store/bar-columns.js';
import { dataPath } from './paths.js';
import { readSingleEntryZip } from './stock-bars.js';

/**
 * Test helpers of the volume and structure kernels: Lean daily stock bars (not in real-series.ts)
 * and the streaming-parity check every kernel of the family runs.
 */

const dailyMemo = new Map<string, BarColumns>();

/**
 * Lean daily bars of a ticker (`YYYYMMDD 00:00,open,high,low,close,volume`, prices in 1/10000
 * dollars), stamped 00:00 UTC of their New York date as the lab stores daily stock bars.
 */
export function loadLeanDaily(ticker: string): BarColumns {
  let bars = dailyMemo.get(ticker);
  if (!bars) {
    const lines = readSingleEntryZip(dataPath('lean/equity/usa/daily', `${ticker.toLowerCase()}.zip`))
      .toString('utf8')
      .split(/\r?\n/)
      .filter((line) => /^\d{8} /.test(line));
    bars = allocateColumns(lines.length, false);
    for (let i = 0; i < lines.length; i++) {
      const [date, open, high, low, close, volume] = lines[i]!.split(',');
      bars.time[i] = Date.UTC(+date!.slice(0, 4), +date!.slice(4, 6) - 1, +date!.slice(6, 8));
      bars.open[i] = +open! / 10_000;
      bars.high[i] = +high! / 10_000;
      bars.low[i] = +low! / 10_000;
      bars.close[i] = +close! / 10_000;
      bars.volume[i] = +volume!;
    }
    dailyMemo.set(ticker, bars);
  }
  return bars;
}

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
