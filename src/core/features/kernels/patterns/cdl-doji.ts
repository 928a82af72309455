import { CandlePeriodSum, seedCandleSum } from './candle-period-sum.js';
import { CandleSettings, candleAverage, candleRange, realBody } from './candle-settings.js';
import { patternOutput } from './ohlc-input.js';

/**
 * CDLDOJI, as the TA-Lib bundled with talib@1.1.6 (0.6.0-dev; ta_CDLDOJI.c): 100 when the real body is at
 * most BodyDoji's average, i.e. |close − open| ≤ 0.1 × the mean high−low range of the 10 previous candles,
 * else 0. Always positive: a doji signals indecision, not direction. The first output is at index 10 (the
 * lookback, BodyDoji's period); earlier values are NaN.
 *
 * NaN inputs behave as in TA-Lib: the candle is judged 0, and the NaN enters the running range
 * sum, so every later candle is 0 too (TA-Lib's sum never recovers either).
 */

const BODY_DOJI = CandleSettings.BodyDoji;

export const CDL_DOJI_LOOKBACK = BODY_DOJI.avgPeriod;

export function cdlDoji(
  open: Float64Array,
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  out?: Float64Array,
): Float64Array {
  const result = patternOutput('cdlDoji', open, high, low, close, out);
  const n = open.length;
  const start = CDL_DOJI_LOOKBACK;
  result.fill(Number.NaN, 0, Math.min(start, n));
  if (n <= start) return result;
  const type = BODY_DOJI.rangeType;
  const period = BODY_DOJI.avgPeriod;
  let total = seedCandleSum(BODY_DOJI, open, high, low, close, start - period, start);
  for (let i = start, trailing = start - period; i < n; i++, trailing++) {
    const range = candleRange(type, open[i], high[i], low[i], close[i]);
    result[i] = realBody(open[i], close[i]) <= candleAverage(BODY_DOJI, total, range) ? 100 : 0;
    // After judging: add this candle, drop the oldest (TA-Lib's order of operations).
    total += range - candleRange(type, open[trailing], high[trailing], low[trailing], close[trailing]);
  }
  return result;
}

/** Bar-by-bar CDLDOJI: `update` returns what `cdlDoji` gives at that index. */
export class CdlDojiStream {
  private count = 0;
  private readonly bodyDoji = new CandlePeriodSum(BODY_DOJI, CDL_DOJI_LOOKBACK);

  update(open: number, high: number, low: number, close: number): number {
    const i = this.count++;
    const range = candleRange(BODY_DOJI.rangeType, open, high, low, close);
    const total = this.bodyDoji.sum;
    this.bodyDoji.push(range);
    if (i < CDL_DOJI_LOOKBACK) return Number.NaN;
    return realBody(open, close) <= candleAverage(BODY_DOJI, total, range) ? 100 : 0;
  }

  snapshot(): Float64Array {
    const state = new Float64Array(1 + this.bodyDoji.stateLength);
    state[0] = this.count;
    this.bodyDoji.writeState(state, 1);
    return state;
  }

  static restore(state: Float64Array): CdlDojiStream {
    const stream = new CdlDojiStream();
    if (state.length !== 1 + stream.bodyDoji.stateLength) {
      throw new RangeError(
        `CdlDojiStream.restore: state has ${state.length} values, expected ${1 + stream.bodyDoji.stateLength}`,
      );
    }
    stream.count = state[0];
    stream.bodyDoji.readState(state, 1);
    return stream;
  }
}
