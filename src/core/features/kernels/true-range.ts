import { checkStateLength, inputLength, outputFor } from './internal/ta-params.js';

/**
 * True range of one bar, as TA-Lib's TRANGE (ta_TRANGE.c) and the TRUE_RANGE macro of ta_ADX.c:
 * the greatest of high − low, |previous close − high| and |previous close − low|, compared in that
 * order with `>` (so a NaN distance is skipped, as in TA-Lib).
 */
export function trueRangeOf(high: number, low: number, prevClose: number): number {
  let greatest = high - low;
  const toHigh = Math.abs(prevClose - high);
  if (toHigh > greatest) greatest = toHigh;
  const toLow = Math.abs(prevClose - low);
  if (toLow > greatest) greatest = toLow;
  return greatest;
}

/**
 * True range per bar, as TA-Lib's TRANGE: bar 0 has no previous close, so it is NaN (TA-Lib's
 * lookback is 1; it does not fall back to high − low on the first bar). Used by ATR and ADX.
 *
 * NaN inputs affect only the bars that read them (this bar and the next, through its close).
 */
export function trueRange(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  out?: Float64Array,
): Float64Array {
  const n = inputLength('trueRange', { high, low, close });
  const res = outputFor('trueRange', n, out);
  if (n === 0) return res;
  res[0] = Number.NaN;
  for (let i = 1; i < n; i++) res[i] = trueRangeOf(high[i], low[i], close[i - 1]);
  return res;
}

/** True range bar by bar; `update` returns what `trueRange` gives at that bar. State: [bars seen > 0, previous close]. */
export class TrueRangeStream {
  private started = false;
  private prevClose = Number.NaN;

  update(high: number, low: number, close: number): number {
    const value = this.started ? trueRangeOf(high, low, this.prevClose) : Number.NaN;
    this.started = true;
    this.prevClose = close;
    return value;
  }

  snapshot(): Float64Array {
    return Float64Array.of(this.started ? 1 : 0, this.prevClose);
  }

  static restore(_params: Record<string, never>, state: Float64Array): TrueRangeStream {
    checkStateLength('TrueRangeStream.restore', state, 2);
    const s = new TrueRangeStream();
    s.started = state[0] === 1;
    s.prevClose = state[1];
    return s;
  }
}
