import type { MarketKind } from '../../../shared/contract/index.js';
import type { BarColumns } from '../../store/bar-columns.js';
import { consecutiveCandles, ConsecutiveCandlesStream } from '../kernels/consecutive-candles.js';
import { higherHighsLowerLows, HigherHighsLowerLowsStream } from '../kernels/higher-highs-lower-lows.js';
import { obv, ObvStream } from '../kernels/obv.js';
import { pivotDistances, PivotDistancesStream, type PivotParams } from '../kernels/pivots.js';
import { rangePosition, RangePositionStream } from '../kernels/range-position.js';
import { volumeRatio, VolumeRatioStream } from '../kernels/volume-ratio.js';
import { volumeZScore, VolumeZScoreStream } from '../kernels/volume-zscore.js';
import { vpt, VptStream } from '../kernels/vpt.js';
import {
  vwapAnchored,
  vwapRolling,
  VwapRollingStream,
  VwapStream,
  type VwapAnchor,
} from '../kernels/vwap.js';
import type { FeatureDefinition, FeatureStream } from '../registry/feature-definition.js';

/**
 * Volume and price-structure features: OBV, VPT, VWAP (session / UTC-day anchored, and rolling for
 * crypto), volume z-score and ratio, position in the N-bar range, distances to confirmed pivots,
 * higher highs / lower lows and consecutive candles. Each is one kernel of src/core/features/kernels;
 * its comment there gives the exact conventions (NaN handling, ties, flat windows).
 */

const ALL_MARKETS: MarketKind[] = ['stock', 'crypto-spot', 'crypto-perp'];
const CRYPTO: MarketKind[] = ['crypto-spot', 'crypto-perp'];

/** A registry stream over a kernel's streaming twin; restore swaps in the restored kernel. */
function kernelStream<K extends { snapshot(): Float64Array }>(
  fresh: () => K,
  restore: (state: Float64Array) => K,
  values: (kernel: K, bars: BarColumns, i: number) => number[],
): FeatureStream {
  let kernel = fresh();
  return {
    update: (bars, i) => values(kernel, bars, i),
    snapshot: () => kernel.snapshot(),
    restore(state) {
      kernel = restore(state);
    },
  };
}

const obvFeature: FeatureDefinition = {
  name: 'obv',
  definition:
    "On-balance volume as TA-Lib's OBV: starts at the first bar's volume, adds the volume on a higher " +
    'close, subtracts it on a lower close, unchanged on an equal close',
  inputs: ['bars'],
  markets: ALL_MARKETS,
  warmup: 0,
  kernelVersion: 1,
  params: {},
  compute: ({ bars }) => [obv(bars.close, bars.volume)],
  stream: () =>
    kernelStream(
      () => new ObvStream(),
      (state) => ObvStream.restore({}, state),
      (k, b, i) => [k.update(b.close[i], b.volume[i])],
    ),
};

const vptFeature: FeatureDefinition = {
  name: 'vpt',
  definition:
    'Volume-price trend: running total of volume × (close − previous close) / previous close; 0 on the ' +
    'first bar',
  inputs: ['bars'],
  markets: ALL_MARKETS,
  warmup: 0,
  kernelVersion: 1,
  params: {},
  compute: ({ bars }) => [vpt(bars.close, bars.volume)],
  stream: () =>
    kernelStream(
      () => new VptStream(),
      (state) => VptStream.restore({}, state),
      (k, b, i) => [k.update(b.close[i], b.volume[i])],
    ),
};

/** Stocks restart VWAP at the NYSE session open, crypto at 00:00 UTC. */
function anchorOf(market: MarketKind): VwapAnchor {
  return market === 'stock' ? 'nyse-session' : 'utc-day';
}

const vwapFeature: FeatureDefinition = {
  name: 'vwap',
  definition:
    'VWAP, Σ(typical price × volume) / Σ volume with typical price (high + low + close) / 3, restarting at ' +
    'the NYSE regular-session open for stocks (NaN on pre-market and after-hours bars; a daily bar is its ' +
    'own session) and at 00:00 UTC for crypto; NaN until the anchor has volume',
  inputs: ['bars', 'calendar'],
  markets: ALL_MARKETS,
  warmup: 0,
  kernelVersion: 1,
  params: { stockAnchor: 'nyse-session', cryptoAnchor: 'utc-day', price: 'typical' },
  compute: ({ bars, market }) => [
    vwapAnchored(bars.time, bars.high, bars.low, bars.close, bars.volume, anchorOf(market)),
  ],
  stream: ({ market }) => {
    const params = { anchor: anchorOf(market) };
    return kernelStream(
      () => new VwapStream(params),
      (state) => VwapStream.restore(params, state),
      (k, b, i) => [k.update(b.time[i], b.high[i], b.low[i], b.close[i], b.volume[i])],
    );
  },
};

const VWAP_ROLLING_BARS = 24;

const vwapRollingFeature: FeatureDefinition = {
  name: `vwap_rolling_${VWAP_ROLLING_BARS}`,
  definition:
    `VWAP over the last ${VWAP_ROLLING_BARS} bars including the current one (typical price), for crypto ` +
    'where a day anchor is arbitrary; NaN while a bar of the window has a NaN price or volume, or none traded',
  inputs: ['bars'],
  markets: CRYPTO,
  warmup: VWAP_ROLLING_BARS - 1,
  kernelVersion: 1,
  params: { period: VWAP_ROLLING_BARS, price: 'typical' },
  compute: ({ bars }) => [vwapRolling(bars.high, bars.low, bars.close, bars.volume, VWAP_ROLLING_BARS)],
  stream: () => {
    const params = { period: VWAP_ROLLING_BARS };
    return kernelStream(
      () => new VwapRollingStream(params),
      (state) => VwapRollingStream.restore(params, state),
      (k, b, i) => [k.update(b.high[i], b.low[i], b.close[i], b.volume[i])],
    );
  },
};

const WINDOW = 20;

const volumeZFeature: FeatureDefinition = {
  name: `volume_z_${WINDOW}`,
  definition:
    `Volume z-score: (volume − mean) / std over the last ${WINDOW} bars including the current one, ` +
    'population std; 0 when every volume of the window is equal',
  inputs: ['bars'],
  markets: ALL_MARKETS,
  warmup: WINDOW - 1,
  kernelVersion: 1,
  params: { period: WINDOW, std: 'population' },
  compute: ({ bars }) => [volumeZScore(bars.volume, WINDOW)],
  stream: () => {
    const params = { period: WINDOW };
    return kernelStream(
      () => new VolumeZScoreStream(params),
      (state) => VolumeZScoreStream.restore(params, state),
      (k, b, i) => [k.update(b.volume[i])],
    );
  },
};

const volumeRatioFeature: FeatureDefinition = {
  name: `volume_ratio_${WINDOW}`,
  definition:
    `Volume / SMA(volume, ${WINDOW}) (TA-Lib's SMA, including the current bar); 0 when the window traded ` +
    'nothing',
  inputs: ['bars'],
  markets: ALL_MARKETS,
  warmup: WINDOW - 1,
  kernelVersion: 1,
  params: { period: WINDOW },
  compute: ({ bars }) => [volumeRatio(bars.volume, WINDOW)],
  stream: () => {
    const params = { period: WINDOW };
    return kernelStream(
      () => new VolumeRatioStream(params),
      (state) => VolumeRatioStream.restore(params, state),
      (k, b, i) => [k.update(b.volume[i])],
    );
  },
};

const rangePositionFeature: FeatureDefinition = {
  name: `range_position_${WINDOW}`,
  definition:
    `Position of the close in the ${WINDOW}-bar range: (close − lowest low) / (highest high − lowest low), ` +
    'current bar included; 0 at the low, 1 at the high, 0.5 when the range is flat',
  inputs: ['bars'],
  markets: ALL_MARKETS,
  warmup: WINDOW - 1,
  kernelVersion: 1,
  params: { period: WINDOW },
  compute: ({ bars }) => [rangePosition(bars.high, bars.low, bars.close, WINDOW)],
  stream: () => {
    const params = { period: WINDOW };
    return kernelStream(
      () => new RangePositionStream(params),
      (state) => RangePositionStream.restore(params, state),
      (k, b, i) => [k.update(b.high[i], b.low[i], b.close[i])],
    );
  },
};

const PIVOTS: PivotParams = { span: 5, lookback: 100 };

const pivotFeature: FeatureDefinition = {
  name: 'pivot_resistance_dist',
  definition:
    `Distance from the close to the nearest confirmed pivot, as a fraction of the close. A pivot high ` +
    `(low) is a high above (low below) the ${PIVOTS.span} bars before it and at least (most) the ` +
    `${PIVOTS.span} after it, confirmed ${PIVOTS.span} bars later; pivots of the last ${PIVOTS.lookback} ` +
    'bars count. Resistance: (lowest pivot high ≥ close − close) / close; support: (close − highest pivot ' +
    'low ≤ close) / close; NaN when there is none',
  inputs: ['bars'],
  markets: ALL_MARKETS,
  warmup: 2 * PIVOTS.span,
  kernelVersion: 1,
  params: { span: PIVOTS.span, lookback: PIVOTS.lookback, units: 'fraction of close' },
  outputs: ['pivot_resistance_dist', 'pivot_support_dist'],
  compute: ({ bars }) => {
    const { resistance, support } = pivotDistances(bars.high, bars.low, bars.close, PIVOTS);
    return [resistance, support];
  },
  stream: () =>
    kernelStream(
      () => new PivotDistancesStream(PIVOTS),
      (state) => PivotDistancesStream.restore(PIVOTS, state),
      (k, b, i) => {
        const v = k.update(b.high[i], b.low[i], b.close[i]);
        return [v.resistance, v.support];
      },
    ),
};

const hhLlFeature: FeatureDefinition = {
  name: `hh_ll_${WINDOW}`,
  definition:
    `Higher highs minus lower lows over the last ${WINDOW} bar-to-bar steps (a higher high: high above the ` +
    `previous bar's high; a lower low: low below the previous low), with both counts as hh_${WINDOW} and ll_${WINDOW}`,
  inputs: ['bars'],
  markets: ALL_MARKETS,
  warmup: WINDOW,
  kernelVersion: 1,
  params: { period: WINDOW },
  outputs: [`hh_ll_${WINDOW}`, `hh_${WINDOW}`, `ll_${WINDOW}`],
  compute: ({ bars }) => {
    const { net, higherHighs, lowerLows } = higherHighsLowerLows(bars.high, bars.low, WINDOW);
    return [net, higherHighs, lowerLows];
  },
  stream: () => {
    const params = { period: WINDOW };
    return kernelStream(
      () => new HigherHighsLowerLowsStream(params),
      (state) => HigherHighsLowerLowsStream.restore(params, state),
      (k, b, i) => {
        const v = k.update(b.high[i], b.low[i]);
        return [v.net, v.higherHighs, v.lowerLows];
      },
    );
  },
};

const consecutiveFeature: FeatureDefinition = {
  name: 'consecutive_candles',
  definition:
    'Signed length of the current run of candles: +k after k up candles (close > open) in a row, −k after ' +
    'k down candles, 0 on a candle that closed at its open',
  inputs: ['bars'],
  markets: ALL_MARKETS,
  warmup: 0,
  kernelVersion: 1,
  params: {},
  compute: ({ bars }) => [consecutiveCandles(bars.open, bars.close)],
  stream: () =>
    kernelStream(
      () => new ConsecutiveCandlesStream(),
      (state) => ConsecutiveCandlesStream.restore({}, state),
      (k, b, i) => [k.update(b.open[i], b.close[i])],
    ),
};

/**
 * obv, vpt, vwap, vwap_rolling_24 (crypto), volume_z_20, volume_ratio_20, range_position_20,
 * pivot_resistance_dist (+ pivot_support_dist), hh_ll_20 (+ hh_20, ll_20), consecutive_candles.
 */
export const volumeStructureDefinitions: FeatureDefinition[] = [
  obvFeature,
  vptFeature,
  vwapFeature,
  vwapRollingFeature,
  volumeZFeature,
  volumeRatioFeature,
  rangePositionFeature,
  pivotFeature,
  hhLlFeature,
  consecutiveFeature,
];
