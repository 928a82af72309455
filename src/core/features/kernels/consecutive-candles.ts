import { inputLength, outputFor } from './internal/ta-params.js';

/**
 * Consecutive candles as a signed run length: +k when this bar and the k − 1 before it all closed
 * above their open (up candles), −k for a run of k down candles (close below open), 0 on a bar that
 * closed at its open, which ends any run. Valid from bar 0. A bar with a NaN open or close is 0 and
 * ends the run too (no comparison holds).
 */
export function consecutiveCandles(
  open: Float64Array,
  close: Float64Array,
  out?: Float64Array,
): Float64Array {
  const n = inputLength('consecutiveCandles', { open, close });
  const res = outputFor('consecutiveCandles', n, out);
  let run = 0;
  for (let i = 0; i < n; i++) {
    run = nextRun(run, open[i], close[i]);
    res[i] = run;
  }
  return res;
}

function nextRun(run: number, open: number, close: number): number {
  if (close > open) return run > 0 ? run + 1 : 1;
  if (close < open) return run < 0 ? run - 1 : -1;
  return 0;
}

/** Consecutive candles bar by bar; `update` returns what `consecutiveCandles` gives. State: [run]. */
export class ConsecutiveCandlesStream {
  private run = 0;

  update(open: number, close: number): number {
    this.run = nextRun(this.run, open, close);
    return this.run;
  }

  snapshot(): Float64Array {
    return Float64Array.of(this.run);
  }

  static restore(_params: Record<string, never>, state: Float64Array): ConsecutiveCandlesStream {
    if (state.length !== 1) {
      throw new Error(`ConsecutiveCandlesStream.restore: expected 1 number, got ${state.length}`);
    }
    const s = new ConsecutiveCandlesStream();
    s.run = state[0];
    return s;
  }
}
