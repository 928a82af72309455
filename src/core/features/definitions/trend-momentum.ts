import type { MarketKind } from '../../../shared/contract/index.js';
import type { BarColumns } from '../../store/bar-columns.js';
import { adx, AdxStream } from '../kernels/adx.js';
import { atr, AtrStream } from '../kernels/atr.js';
import { bollinger, BollingerStream, type BollingerParams } from '../kernels/bollinger.js';
import { ema, EmaStream } from '../kernels/ema.js';
import { LogReturnStream, logReturns } from '../kernels/log-returns.js';
import { macd, MacdStream, type MacdParams } from '../kernels/macd.js';
import { realizedVolatility, RealizedVolatilityStream } from '../kernels/realized-volatility.js';
import { roc, RocStream } from '../kernels/roc.js';
import { rsi, RsiStream } from '../kernels/rsi.js';
import { sma, SmaStream } from '../kernels/sma.js';
import {
  stochastic,
  stochasticLookback,
  StochasticStream,
  type StochasticParams,
} from '../kernels/stochastic.js';
import type { FeatureDefinition, FeatureStream } from '../registry/feature-definition.js';

/**
 * Trend and momentum features, TA-Lib-exact where TA-Lib has the indicator (SMA, EMA, RSI, ATR,
 * MACD, BBANDS, STOCH, ADX, ROC; talib@1.1.6 is the oracle): moving averages, RSI-14, ATR-14,
 * MACD 12/26/9, Bollinger 20/2, slow stochastic 14/3/3, ADX-14, one-bar log return, ROC-10 and
 * realised volatility over 20 returns. Each is one kernel of src/core/features/kernels, whose
 * comment gives the exact convention (seeding, first valid bar, NaN inputs). Warm-up is TA-Lib's
 * lookback: the first valid index.
 */

const ALL_MARKETS: MarketKind[] = ['stock', 'crypto-spot', 'crypto-perp'];

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

/** A bar-only feature with one output column. */
function single(
  name: string,
  definition: string,
  warmup: number,
  params: Record<string, number | string>,
  compute: (bars: BarColumns) => Float64Array,
  stream: () => FeatureStream,
): FeatureDefinition {
  return {
    name,
    definition,
    inputs: ['bars'],
    markets: ALL_MARKETS,
    warmup,
    kernelVersion: 1,
    params,
    compute: ({ bars }) => [compute(bars)],
    stream,
  };
}

const MA_PERIODS = [10, 20, 50];

const smaFeatures = MA_PERIODS.map((period) =>
  single(
    `sma_${period}`,
    `Simple moving average of the close over ${period} bars (TA-Lib SMA, running total)`,
    period - 1,
    { period, source: 'close' },
    (bars) => sma(bars.close, period),
    () =>
      kernelStream(
        () => new SmaStream(period),
        (state) => SmaStream.restore(period, state),
        (k, b, i) => [k.update(b.close[i])],
      ),
  ),
);

const emaFeatures = MA_PERIODS.map((period) =>
  single(
    `ema_${period}`,
    `Exponential moving average of the close, k = 2/(${period}+1), seeded with the SMA of the first ` +
      `${period} closes (TA-Lib EMA)`,
    period - 1,
    { period, source: 'close' },
    (bars) => ema(bars.close, period),
    () =>
      kernelStream(
        () => new EmaStream(period),
        (state) => EmaStream.restore(period, state),
        (k, b, i) => [k.update(b.close[i])],
      ),
  ),
);

const RSI_PERIOD = 14;
const rsiFeature = single(
  `rsi_${RSI_PERIOD}`,
  `RSI of the close over ${RSI_PERIOD} bars, 0..100: Wilder smoothing of gains and losses seeded with their ` +
    'simple means (TA-Lib RSI, unstable period 0); 0 on flat prices',
  RSI_PERIOD,
  { period: RSI_PERIOD },
  (bars) => rsi(bars.close, RSI_PERIOD),
  () =>
    kernelStream(
      () => new RsiStream(RSI_PERIOD),
      (state) => RsiStream.restore(RSI_PERIOD, state),
      (k, b, i) => [k.update(b.close[i])],
    ),
);

const ATR_PERIOD = 14;
const atrFeature = single(
  `atr_${ATR_PERIOD}`,
  `Average true range over ${ATR_PERIOD} bars, in price units: true range from the second bar, Wilder ` +
    'smoothing seeded with the simple mean of the first 14 (TA-Lib ATR)',
  ATR_PERIOD,
  { period: ATR_PERIOD },
  (bars) => atr(bars.high, bars.low, bars.close, ATR_PERIOD),
  () =>
    kernelStream(
      () => new AtrStream(ATR_PERIOD),
      (state) => AtrStream.restore(ATR_PERIOD, state),
      (k, b, i) => [k.update(b.high[i], b.low[i], b.close[i])],
    ),
);

const MACD_PARAMS: MacdParams = { fast: 12, slow: 26, signal: 9 };
const macdFeature: FeatureDefinition = {
  name: 'macd',
  definition:
    'MACD 12/26/9 of the close (TA-Lib MACD): EMA12 − EMA26 with both EMAs started at bar 25 (the fast ' +
    'one seeded with the mean of closes 14..25), signal = EMA9 of MACD, hist = MACD − signal; all three ' +
    'from bar 33',
  inputs: ['bars'],
  markets: ALL_MARKETS,
  warmup: MACD_PARAMS.slow - 1 + MACD_PARAMS.signal - 1,
  kernelVersion: 1,
  params: { ...MACD_PARAMS },
  outputs: ['macd', 'macd_signal', 'macd_hist'],
  compute: ({ bars }) => {
    const r = macd(bars.close, MACD_PARAMS);
    return [r.macd, r.signal, r.hist];
  },
  stream: () =>
    kernelStream(
      () => new MacdStream(MACD_PARAMS),
      (state) => MacdStream.restore(MACD_PARAMS, state),
      (k, b, i) => {
        const v = k.update(b.close[i]);
        return [v.macd, v.signal, v.hist];
      },
    ),
};

const BB_PARAMS: BollingerParams = { period: 20, devUp: 2, devDown: 2 };
const bollingerFeature: FeatureDefinition = {
  name: 'bb_upper',
  definition:
    'Bollinger bands 20/2 of the close (TA-Lib BBANDS, SMA middle): middle = SMA20, upper/lower = middle ± ' +
    '2 × population standard deviation of the last 20 closes',
  inputs: ['bars'],
  markets: ALL_MARKETS,
  warmup: BB_PARAMS.period - 1,
  kernelVersion: 1,
  params: { ...BB_PARAMS },
  outputs: ['bb_upper', 'bb_middle', 'bb_lower'],
  compute: ({ bars }) => {
    const r = bollinger(bars.close, BB_PARAMS);
    return [r.upper, r.middle, r.lower];
  },
  stream: () =>
    kernelStream(
      () => new BollingerStream(BB_PARAMS),
      (state) => BollingerStream.restore(BB_PARAMS, state),
      (k, b, i) => {
        const v = k.update(b.close[i]);
        return [v.upper, v.middle, v.lower];
      },
    ),
};

const STOCH_PARAMS: StochasticParams = { fastK: 14, slowK: 3, slowD: 3 };
const stochasticFeature: FeatureDefinition = {
  name: 'stoch_k',
  definition:
    'Slow stochastic 14/3/3, 0..100 (TA-Lib STOCH, SMA smoothing): raw %K = 100 × (close − lowest low) / ' +
    '(highest high − lowest low) over 14 bars (0 on a flat range), stoch_k = SMA3 of raw %K, stoch_d = SMA3 ' +
    'of stoch_k',
  inputs: ['bars'],
  markets: ALL_MARKETS,
  warmup: stochasticLookback(STOCH_PARAMS),
  kernelVersion: 1,
  params: { ...STOCH_PARAMS },
  outputs: ['stoch_k', 'stoch_d'],
  compute: ({ bars }) => {
    const r = stochastic(bars.high, bars.low, bars.close, STOCH_PARAMS);
    return [r.k, r.d];
  },
  stream: () =>
    kernelStream(
      () => new StochasticStream(STOCH_PARAMS),
      (state) => StochasticStream.restore(STOCH_PARAMS, state),
      (k, b, i) => {
        const v = k.update(b.high[i], b.low[i], b.close[i]);
        return [v.k, v.d];
      },
    ),
};

const ADX_PERIOD = 14;
const adxFeature = single(
  `adx_${ADX_PERIOD}`,
  `Average directional index over ${ADX_PERIOD} bars, 0..100 (TA-Lib ADX): Wilder-smoothed +DM/−DM/TR ` +
    '(ties give no DM), DX = 100·|−DI − +DI|/(−DI + +DI), ADX = Wilder average of DX seeded with the mean ' +
    'of the first 14; from bar 27',
  2 * ADX_PERIOD - 1,
  { period: ADX_PERIOD },
  (bars) => adx(bars.high, bars.low, bars.close, ADX_PERIOD),
  () =>
    kernelStream(
      () => new AdxStream(ADX_PERIOD),
      (state) => AdxStream.restore(ADX_PERIOD, state),
      (k, b, i) => [k.update(b.high[i], b.low[i], b.close[i])],
    ),
);

const logReturnFeature = single(
  'log_return',
  'One-bar log return of the close, ln(close / previous close); NaN on the first bar',
  1,
  { bars: 1, source: 'close' },
  (bars) => logReturns(bars.close),
  () =>
    kernelStream(
      () => new LogReturnStream(),
      (state) => LogReturnStream.restore({}, state),
      (k, b, i) => [k.update(b.close[i])],
    ),
);

const ROC_PERIOD = 10;
const rocFeature = single(
  `roc_${ROC_PERIOD}`,
  `Rate of change of the close over ${ROC_PERIOD} bars in percent, ((close / close ${ROC_PERIOD} bars ago) − 1) ` +
    '× 100 (TA-Lib ROC; 0 when the earlier close is 0)',
  ROC_PERIOD,
  { period: ROC_PERIOD },
  (bars) => roc(bars.close, ROC_PERIOD),
  () =>
    kernelStream(
      () => new RocStream(ROC_PERIOD),
      (state) => RocStream.restore(ROC_PERIOD, state),
      (k, b, i) => [k.update(b.close[i])],
    ),
);

const VOL_PERIOD = 20;
const realizedVolFeature = single(
  `realized_vol_${VOL_PERIOD}`,
  `Realised volatility: population standard deviation of the last ${VOL_PERIOD} one-bar log returns, per bar ` +
    '(not annualised: multiply by √(bars per year) for an annual figure)',
  VOL_PERIOD,
  { period: VOL_PERIOD, annualised: 'no' },
  (bars) => realizedVolatility(bars.close, VOL_PERIOD),
  () =>
    kernelStream(
      () => new RealizedVolatilityStream(VOL_PERIOD),
      (state) => RealizedVolatilityStream.restore(VOL_PERIOD, state),
      (k, b, i) => [k.update(b.close[i])],
    ),
);

/** In the CSV export's column order: sma_*, ema_*, rsi_14, atr_14, macd*, bb_*, stoch_*, adx_14, then the rest. */
export const trendMomentumDefinitions: FeatureDefinition[] = [
  ...smaFeatures,
  ...emaFeatures,
  rsiFeature,
  atrFeature,
  macdFeature,
  bollingerFeature,
  stochasticFeature,
  adxFeature,
  logReturnFeature,
  rocFeature,
  realizedVolFeature,
];
