/**
 * TA-Lib's candle settings and candle geometry, shared by the candlestick pattern kernels.
 *
 * TA-Lib (ta_global.c, TA_RestoreCandleDefaultSettings) judges "long", "short", "near"… against the
 * average of a candle measure over the previous `avgPeriod` candles (the current one excluded),
 * times `factor`. The measure is one of three ranges: the real body |close − open|, the high−low
 * range, or the sum of both shadows (whose average is halved: "half the average of the shadows").
 * An `avgPeriod` of 0 means "compare with the current candle's own range" (ShadowLong: a shadow
 * longer than the body).
 *
 * Everything here mirrors ta_utility.h's macros operation for operation (ternaries, not Math.min,
 * and the same order of multiplication and division), because pattern outputs must equal the
 * binding's bit for bit: a different rounding flips a comparison on a borderline candle.
 */

export const RangeType = {
  RealBody: 0,
  HighLow: 1,
  Shadows: 2,
} as const;
export type RangeType = (typeof RangeType)[keyof typeof RangeType];

export interface CandleSetting {
  readonly rangeType: RangeType;
  /** Candles averaged before the current one; 0 = the current candle's own range. */
  readonly avgPeriod: number;
  readonly factor: number;
}

/**
 * TA_CandleDefaultSettings of the TA-Lib bundled with talib@1.1.6 (0.6.0-dev; the binding never changes
 * them).
 */
export const CandleSettings = {
  /** Real body longer than the average body of the 10 previous candles. */
  BodyLong: { rangeType: RangeType.RealBody, avgPeriod: 10, factor: 1.0 },
  /** Real body longer than 3× the average body of the 10 previous candles. */
  BodyVeryLong: { rangeType: RangeType.RealBody, avgPeriod: 10, factor: 3.0 },
  /** Real body shorter than the average body of the 10 previous candles. */
  BodyShort: { rangeType: RangeType.RealBody, avgPeriod: 10, factor: 1.0 },
  /** Real body at most 10% of the average high−low range of the 10 previous candles. */
  BodyDoji: { rangeType: RangeType.HighLow, avgPeriod: 10, factor: 0.1 },
  /** Shadow longer than the candle's real body. */
  ShadowLong: { rangeType: RangeType.RealBody, avgPeriod: 0, factor: 1.0 },
  /** Shadow longer than 2× the candle's real body. */
  ShadowVeryLong: { rangeType: RangeType.RealBody, avgPeriod: 0, factor: 2.0 },
  /** Shadow shorter than half the average shadow sum of the 10 previous candles. */
  ShadowShort: { rangeType: RangeType.Shadows, avgPeriod: 10, factor: 1.0 },
  /** Shadow shorter than 10% of the average high−low range of the 10 previous candles. */
  ShadowVeryShort: { rangeType: RangeType.HighLow, avgPeriod: 10, factor: 0.1 },
  /** Distance at most 20% of the average high−low range of the 5 previous candles. */
  Near: { rangeType: RangeType.HighLow, avgPeriod: 5, factor: 0.2 },
  /** Distance at least 60% of the average high−low range of the 5 previous candles. */
  Far: { rangeType: RangeType.HighLow, avgPeriod: 5, factor: 0.6 },
  /** Distance at most 5% of the average high−low range of the 5 previous candles. */
  Equal: { rangeType: RangeType.HighLow, avgPeriod: 5, factor: 0.05 },
} as const satisfies Record<string, CandleSetting>;

/** TA_REALBODY: |close − open|. */
export function realBody(open: number, close: number): number {
  return Math.abs(close - open);
}

/** TA_UPPERSHADOW: high − max(open, close), with TA-Lib's `close >= open` test. */
export function upperShadow(open: number, high: number, close: number): number {
  return high - (close >= open ? close : open);
}

/** TA_LOWERSHADOW: min(open, close) − low, with TA-Lib's `close >= open` test. */
export function lowerShadow(open: number, low: number, close: number): number {
  return (close >= open ? open : close) - low;
}

/** TA_CANDLECOLOR: 1 for a white (close ≥ open) candle, −1 for a black one. */
export function candleColor(open: number, close: number): 1 | -1 {
  return close >= open ? 1 : -1;
}

/** TA_CANDLERANGE: the measure a setting averages, for one candle. */
export function candleRange(
  rangeType: RangeType,
  open: number,
  high: number,
  low: number,
  close: number,
): number {
  if (rangeType === RangeType.RealBody) return realBody(open, close);
  if (rangeType === RangeType.HighLow) return high - low;
  return upperShadow(open, high, close) + lowerShadow(open, low, close);
}

/**
 * Refuses, when a kernel module loads, a setting whose range type differs from the one its batch
 * loop computes inline (the loops spell the ranges out for speed; the streams stay generic).
 */
export function expectRangeType(kernel: string, name: string, setting: CandleSetting, type: RangeType): void {
  if (setting.rangeType !== type) {
    throw new Error(
      `${kernel}: candle setting ${name} has range type ${setting.rangeType}, the kernel computes ${type}`,
    );
  }
}

/**
 * TA_CANDLEAVERAGE: factor × (sum / avgPeriod) (or the current candle's `range` when avgPeriod is
 * 0), halved for Shadows, evaluated in TA-Lib's order.
 */
export function candleAverage(setting: CandleSetting, sum: number, range: number): number {
  return (
    (setting.factor * (setting.avgPeriod !== 0 ? sum / setting.avgPeriod : range)) /
    (setting.rangeType === RangeType.Shadows ? 2.0 : 1.0)
  );
}
