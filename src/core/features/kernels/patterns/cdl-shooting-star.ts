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
 * CDLSHOOTINGSTAR, as the TA-Lib bundled with talib@1.1.6 (0.6.0-dev; ta_CDLSHOOTINGSTAR.c): −100
 * when candle i has
 * - a small real body (< BodyShort: the mean body of the 10 previous candles),
 * - a long upper shadow (> ShadowLong: longer than its own body),
 * - no or a very short lower shadow (< ShadowVeryShort: 10% of the mean high−low range of the 10
 *   previous candles),
 * - a real-body gap up from the prior candle (min(open, close) > max(open[i−1], close[i−1])),
 * else 0. Always bearish; trend is not checked. Lookback max(10, 0, 10) + 1 = 11: the first output
 * is at index 11, earlier values are NaN.
 *
 * NaN inputs behave as in TA-Lib: that candle is judged 0 and the NaN stays in the running sums, so
 * every later candle is 0.
 */

const BODY_SHORT = CandleSettings.BodyShort;
const SHADOW_LONG = CandleSettings.ShadowLong;
const SHADOW_VERY_SHORT = CandleSettings.ShadowVeryShort;

// cdlShootingStar's loop computes the ranges directly for speed; it relies on these range types.
expectRangeType('cdlShootingStar', 'BodyShort', BODY_SHORT, RangeType.RealBody);
expectRangeType('cdlShootingStar', 'ShadowLong', SHADOW_LONG, RangeType.RealBody);
expectRangeType('cdlShootingStar', 'ShadowVeryShort', SHADOW_VERY_SHORT, RangeType.HighLow);

export const CDL_SHOOTING_STAR_LOOKBACK =
  Math.max(BODY_SHORT.avgPeriod, SHADOW_LONG.avgPeriod, SHADOW_VERY_SHORT.avgPeriod) + 1;

/** TA-Lib's shooting-star test on candle i given the period totals and the prior candle's body. */
function isShootingStar(
  open: number,
  high: number,
  low: number,
  close: number,
  prevOpen: number,
  prevClose: number,
  bodyTotal: number,
  shadowLongTotal: number,
  shadowVeryShortTotal: number,
): boolean {
  return (
    realBody(open, close) <
      candleAverage(BODY_SHORT, bodyTotal, candleRange(BODY_SHORT.rangeType, open, high, low, close)) &&
    upperShadow(open, high, close) >
      candleAverage(
        SHADOW_LONG,
        shadowLongTotal,
        candleRange(SHADOW_LONG.rangeType, open, high, low, close),
      ) &&
    lowerShadow(open, low, close) <
      candleAverage(
        SHADOW_VERY_SHORT,
        shadowVeryShortTotal,
        candleRange(SHADOW_VERY_SHORT.rangeType, open, high, low, close),
      ) &&
    // TA_REALBODYGAPUP with ta_utility.h's min/max macros.
    (open < close ? open : close) > (prevOpen > prevClose ? prevOpen : prevClose)
  );
}

export function cdlShootingStar(
  open: Float64Array,
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  out?: Float64Array,
): Float64Array {
  const result = patternOutput('cdlShootingStar', open, high, low, close, out);
  const n = open.length;
  const start = CDL_SHOOTING_STAR_LOOKBACK;
  result.fill(Number.NaN, 0, Math.min(start, n));
  if (n <= start) return result;
  const pBody = BODY_SHORT.avgPeriod;
  const pLong = SHADOW_LONG.avgPeriod;
  const pVeryShort = SHADOW_VERY_SHORT.avgPeriod;
  let bodyTotal = seedCandleSum(BODY_SHORT, open, high, low, close, start - pBody, start);
  let longTotal = seedCandleSum(SHADOW_LONG, open, high, low, close, start - pLong, start);
  let veryShortTotal = seedCandleSum(SHADOW_VERY_SHORT, open, high, low, close, start - pVeryShort, start);
  for (let i = start; i < n; i++) {
    // The macros of isShootingStar written out on TA-Lib's range types (checked above): BodyShort
    // and ShadowLong measure real bodies, ShadowVeryShort high−low ranges.
    const o = open[i];
    const h = high[i];
    const l = low[i];
    const c = close[i];
    const po = open[i - 1];
    const pc = close[i - 1];
    const body = Math.abs(c - o);
    const range = h - l;
    result[i] =
      body < candleAverage(BODY_SHORT, bodyTotal, body) &&
      h - (c >= o ? c : o) > candleAverage(SHADOW_LONG, longTotal, body) &&
      (c >= o ? o : c) - l < candleAverage(SHADOW_VERY_SHORT, veryShortTotal, range) &&
      (o < c ? o : c) > (po > pc ? po : pc)
        ? -100
        : 0;
    const tb = i - pBody;
    bodyTotal += body - Math.abs(close[tb] - open[tb]);
    const tl = i - pLong;
    longTotal += body - Math.abs(close[tl] - open[tl]);
    const tv = i - pVeryShort;
    veryShortTotal += range - (high[tv] - low[tv]);
  }
  return result;
}

/** Bar-by-bar CDLSHOOTINGSTAR: `update` returns what `cdlShootingStar` gives at that index. */
export class CdlShootingStarStream {
  private count = 0;
  private prevOpen = Number.NaN;
  private prevClose = Number.NaN;
  private readonly body = new CandlePeriodSum(BODY_SHORT, CDL_SHOOTING_STAR_LOOKBACK);
  private readonly shadowLong = new CandlePeriodSum(SHADOW_LONG, CDL_SHOOTING_STAR_LOOKBACK);
  private readonly shadowVeryShort = new CandlePeriodSum(SHADOW_VERY_SHORT, CDL_SHOOTING_STAR_LOOKBACK);

  update(open: number, high: number, low: number, close: number): number {
    const i = this.count++;
    let value = Number.NaN;
    if (i >= CDL_SHOOTING_STAR_LOOKBACK) {
      value = isShootingStar(
        open,
        high,
        low,
        close,
        this.prevOpen,
        this.prevClose,
        this.body.sum,
        this.shadowLong.sum,
        this.shadowVeryShort.sum,
      )
        ? -100
        : 0;
    }
    this.body.push(candleRange(BODY_SHORT.rangeType, open, high, low, close));
    this.shadowLong.push(candleRange(SHADOW_LONG.rangeType, open, high, low, close));
    this.shadowVeryShort.push(candleRange(SHADOW_VERY_SHORT.rangeType, open, high, low, close));
    this.prevOpen = open;
    this.prevClose = close;
    return value;
  }

  private sums(): CandlePeriodSum[] {
    return [this.body, this.shadowLong, this.shadowVeryShort];
  }

  snapshot(): Float64Array {
    const sums = this.sums();
    const state = new Float64Array(3 + sums.reduce((s, x) => s + x.stateLength, 0));
    state[0] = this.count;
    state[1] = this.prevOpen;
    state[2] = this.prevClose;
    let offset = 3;
    for (const sum of sums) offset = sum.writeState(state, offset);
    return state;
  }

  static restore(state: Float64Array): CdlShootingStarStream {
    const stream = new CdlShootingStarStream();
    const sums = stream.sums();
    const expected = 3 + sums.reduce((s, x) => s + x.stateLength, 0);
    if (state.length !== expected) {
      throw new RangeError(
        `CdlShootingStarStream.restore: state has ${state.length} values, expected ${expected}`,
      );
    }
    stream.count = state[0];
    stream.prevOpen = state[1];
    stream.prevClose = state[2];
    let offset = 3;
    for (const sum of sums) offset = sum.readState(state, offset);
    return stream;
  }
}
