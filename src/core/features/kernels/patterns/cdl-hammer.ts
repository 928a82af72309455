import { CandlePeriodSum, seedCandleSum } from './candle-period-sum.js';
import {
  CandleSettings,
  candleAverage,
  candleRange,
  expectRangeType,
  RangeType,
  lowerShadow,
  realBody,
  upperShadow,
} from './candle-settings.js';
import { patternOutput } from './ohlc-input.js';

/**
 * CDLHAMMER, as the TA-Lib bundled with talib@1.1.6 (0.6.0-dev; ta_CDLHAMMER.c): 100 when candle i has
 * - a small real body (< BodyShort: the mean body of the 10 previous candles),
 * - a long lower shadow (> ShadowLong: longer than its own body),
 * - no or a very short upper shadow (< ShadowVeryShort: 10% of the mean high−low range of the 10
 *   previous candles),
 * - its body's bottom near the prior candle's low (min(open, close) ≤ low[i−1] + Near, where Near is
 *   20% of the mean high−low range of the 5 candles before i−1),
 * else 0. Trend is not checked (TA-Lib leaves that to the user). Lookback max(10, 0, 10, 5) + 1 = 11:
 * the first output is at index 11, earlier values are NaN.
 *
 * NaN inputs behave as in TA-Lib: that candle (and the next, through Near) is judged 0 and the NaN
 * stays in the running sums, so every later candle is 0.
 */

const BODY_SHORT = CandleSettings.BodyShort;
const SHADOW_LONG = CandleSettings.ShadowLong;
const SHADOW_VERY_SHORT = CandleSettings.ShadowVeryShort;
const NEAR = CandleSettings.Near;

// cdlHammer's loop computes the ranges directly for speed; it relies on these range types.
expectRangeType('cdlHammer', 'BodyShort', BODY_SHORT, RangeType.RealBody);
expectRangeType('cdlHammer', 'ShadowLong', SHADOW_LONG, RangeType.RealBody);
expectRangeType('cdlHammer', 'ShadowVeryShort', SHADOW_VERY_SHORT, RangeType.HighLow);
expectRangeType('cdlHammer', 'Near', NEAR, RangeType.HighLow);

export const CDL_HAMMER_LOOKBACK =
  Math.max(BODY_SHORT.avgPeriod, SHADOW_LONG.avgPeriod, SHADOW_VERY_SHORT.avgPeriod, NEAR.avgPeriod) + 1;

/** TA-Lib's hammer test on candle i given the four period totals (Near's is for candle i − 1). */
function isHammer(
  open: number,
  high: number,
  low: number,
  close: number,
  prevLow: number,
  prevNearRange: number,
  bodyTotal: number,
  shadowLongTotal: number,
  shadowVeryShortTotal: number,
  nearTotal: number,
): boolean {
  return (
    realBody(open, close) <
      candleAverage(BODY_SHORT, bodyTotal, candleRange(BODY_SHORT.rangeType, open, high, low, close)) &&
    lowerShadow(open, low, close) >
      candleAverage(
        SHADOW_LONG,
        shadowLongTotal,
        candleRange(SHADOW_LONG.rangeType, open, high, low, close),
      ) &&
    upperShadow(open, high, close) <
      candleAverage(
        SHADOW_VERY_SHORT,
        shadowVeryShortTotal,
        candleRange(SHADOW_VERY_SHORT.rangeType, open, high, low, close),
      ) &&
    (close < open ? close : open) <= prevLow + candleAverage(NEAR, nearTotal, prevNearRange)
  );
}

export function cdlHammer(
  open: Float64Array,
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  out?: Float64Array,
): Float64Array {
  const result = patternOutput('cdlHammer', open, high, low, close, out);
  const n = open.length;
  const start = CDL_HAMMER_LOOKBACK;
  result.fill(Number.NaN, 0, Math.min(start, n));
  if (n <= start) return result;
  const pBody = BODY_SHORT.avgPeriod;
  const pLong = SHADOW_LONG.avgPeriod;
  const pVeryShort = SHADOW_VERY_SHORT.avgPeriod;
  const pNear = NEAR.avgPeriod;
  let bodyTotal = seedCandleSum(BODY_SHORT, open, high, low, close, start - pBody, start);
  let longTotal = seedCandleSum(SHADOW_LONG, open, high, low, close, start - pLong, start);
  let veryShortTotal = seedCandleSum(SHADOW_VERY_SHORT, open, high, low, close, start - pVeryShort, start);
  // Near is judged on the previous candle, so its window ends one candle earlier.
  let nearTotal = seedCandleSum(NEAR, open, high, low, close, start - 1 - pNear, start - 1);
  for (let i = start; i < n; i++) {
    // The macros of isHammer written out on TA-Lib's range types (checked above): BodyShort and
    // ShadowLong measure real bodies, ShadowVeryShort and Near high−low ranges.
    const o = open[i];
    const h = high[i];
    const l = low[i];
    const c = close[i];
    const body = Math.abs(c - o);
    const range = h - l;
    const prevRange = high[i - 1] - low[i - 1];
    result[i] =
      body < candleAverage(BODY_SHORT, bodyTotal, body) &&
      (c >= o ? o : c) - l > candleAverage(SHADOW_LONG, longTotal, body) &&
      h - (c >= o ? c : o) < candleAverage(SHADOW_VERY_SHORT, veryShortTotal, range) &&
      (c < o ? c : o) <= low[i - 1] + candleAverage(NEAR, nearTotal, prevRange)
        ? 100
        : 0;
    const tb = i - pBody;
    bodyTotal += body - Math.abs(close[tb] - open[tb]);
    const tl = i - pLong;
    longTotal += body - Math.abs(close[tl] - open[tl]);
    const tv = i - pVeryShort;
    veryShortTotal += range - (high[tv] - low[tv]);
    const tn = i - 1 - pNear;
    nearTotal += prevRange - (high[tn] - low[tn]);
  }
  return result;
}

/** Bar-by-bar CDLHAMMER: `update` returns what `cdlHammer` gives at that index. */
export class CdlHammerStream {
  private count = 0;
  private prevLow = Number.NaN;
  private prevNearRange = Number.NaN;
  private readonly body = new CandlePeriodSum(BODY_SHORT, CDL_HAMMER_LOOKBACK);
  private readonly shadowLong = new CandlePeriodSum(SHADOW_LONG, CDL_HAMMER_LOOKBACK);
  private readonly shadowVeryShort = new CandlePeriodSum(SHADOW_VERY_SHORT, CDL_HAMMER_LOOKBACK);
  /** Fed with candle i − 1's range when candle i arrives. */
  private readonly near = new CandlePeriodSum(NEAR, CDL_HAMMER_LOOKBACK - 1);

  update(open: number, high: number, low: number, close: number): number {
    const i = this.count++;
    let value = Number.NaN;
    if (i >= CDL_HAMMER_LOOKBACK) {
      value = isHammer(
        open,
        high,
        low,
        close,
        this.prevLow,
        this.prevNearRange,
        this.body.sum,
        this.shadowLong.sum,
        this.shadowVeryShort.sum,
        this.near.sum,
      )
        ? 100
        : 0;
    }
    this.body.push(candleRange(BODY_SHORT.rangeType, open, high, low, close));
    this.shadowLong.push(candleRange(SHADOW_LONG.rangeType, open, high, low, close));
    this.shadowVeryShort.push(candleRange(SHADOW_VERY_SHORT.rangeType, open, high, low, close));
    if (i > 0) this.near.push(this.prevNearRange);
    this.prevLow = low;
    this.prevNearRange = candleRange(NEAR.rangeType, open, high, low, close);
    return value;
  }

  private sums(): CandlePeriodSum[] {
    return [this.body, this.shadowLong, this.shadowVeryShort, this.near];
  }

  snapshot(): Float64Array {
    const sums = this.sums();
    const state = new Float64Array(3 + sums.reduce((s, x) => s + x.stateLength, 0));
    state[0] = this.count;
    state[1] = this.prevLow;
    state[2] = this.prevNearRange;
    let offset = 3;
    for (const sum of sums) offset = sum.writeState(state, offset);
    return state;
  }

  static restore(state: Float64Array): CdlHammerStream {
    const stream = new CdlHammerStream();
    const sums = stream.sums();
    const expected = 3 + sums.reduce((s, x) => s + x.stateLength, 0);
    if (state.length !== expected) {
      throw new RangeError(`CdlHammerStream.restore: state has ${state.length} values, expected ${expected}`);
    }
    stream.count = state[0];
    stream.prevLow = state[1];
    stream.prevNearRange = state[2];
    let offset = 3;
    for (const sum of sums) offset = sum.readState(state, offset);
    return stream;
  }
}
