import { candleColor } from './candle-settings.js';
import { patternOutput } from './ohlc-input.js';

/**
 * CDLENGULFING, as the TA-Lib bundled with talib@1.1.6 (0.6.0-dev; ta_CDLENGULFING.c; TA-Lib 0.4 had no ±80
 * case): candle i's real body engulfs candle i−1's of the opposite colour. ±100 when it begins before and
 * ends after the prior body (strictly on both ends), ±80 when the two bodies share one end (Greg Morris'
 * variant, which this TA-Lib counts), 0 otherwise; the sign is candle i's colour (+ white engulfs black, −
 * black engulfs white). Colours use TA-Lib's `close >= open` test, so a doji counts as white.
 *
 * The lookback is 2, not 1 (TA-Lib's TA_CDLENGULFING_Lookback returns 2 although only i−1 is read):
 * the first output is at index 2, earlier values NaN. No running sums: a NaN candle is judged 0 and
 * affects only itself and the next candle.
 */

export const CDL_ENGULFING_LOOKBACK = 2;

/** TA-Lib's engulfing test on candle i against candle i−1: ±100, ±80 or 0. */
function engulfing(open: number, close: number, prevOpen: number, prevClose: number): number {
  const color = candleColor(open, close);
  const prevColor = candleColor(prevOpen, prevClose);
  const engulfs =
    (color === 1 &&
      prevColor === -1 &&
      ((close >= prevOpen && open < prevClose) || (close > prevOpen && open <= prevClose))) ||
    (color === -1 &&
      prevColor === 1 &&
      ((open >= prevClose && close < prevOpen) || (open > prevClose && close <= prevOpen)));
  if (!engulfs) return 0;
  return open !== prevClose && close !== prevOpen ? color * 100 : color * 80;
}

export function cdlEngulfing(
  open: Float64Array,
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  out?: Float64Array,
): Float64Array {
  const result = patternOutput('cdlEngulfing', open, high, low, close, out);
  const n = open.length;
  const start = CDL_ENGULFING_LOOKBACK;
  result.fill(Number.NaN, 0, Math.min(start, n));
  for (let i = start; i < n; i++) result[i] = engulfing(open[i], close[i], open[i - 1], close[i - 1]);
  return result;
}

/** Bar-by-bar CDLENGULFING: `update` returns what `cdlEngulfing` gives at that index. */
export class CdlEngulfingStream {
  private count = 0;
  private prevOpen = Number.NaN;
  private prevClose = Number.NaN;

  update(open: number, _high: number, _low: number, close: number): number {
    const i = this.count++;
    const value =
      i >= CDL_ENGULFING_LOOKBACK ? engulfing(open, close, this.prevOpen, this.prevClose) : Number.NaN;
    this.prevOpen = open;
    this.prevClose = close;
    return value;
  }

  snapshot(): Float64Array {
    return Float64Array.of(this.count, this.prevOpen, this.prevClose);
  }

  static restore(state: Float64Array): CdlEngulfingStream {
    if (state.length !== 3) {
      throw new RangeError(`CdlEngulfingStream.restore: state has ${state.length} values, expected 3`);
    }
    const stream = new CdlEngulfingStream();
    stream.count = state[0];
    stream.prevOpen = state[1];
    stream.prevClose = state[2];
    return stream;
  }
}
