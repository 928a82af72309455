import type { MarketKind } from '../../../shared/contract/index.js';
import type { NormalizationStats } from '../normalization/normalization-stats.js';

/**
 * The 53 values of the multi-market policy's observation, in order: 50 standard features, then
 * market_type, normalized_volatility and is_market_open. docs/observation.md tables them (a test
 * checks the table against this list).
 *
 * Scaling, so a stock and a crypto pair read alike: returns are z-scored with the symbol's
 * statistics fit on the training window (normalization/), price distances are in units of the
 * bar's ATR-14, oscillators are centred and divided to [−1, 1], counts divided by their window,
 * and every value is clipped to its documented range. A value whose inputs are NaN (warm-up, a
 * feature that does not apply to the market, no news) takes the feature's `fill`, a neutral value.
 */

/** The agent's position, an input of the builder (the environment or paper trader owns it). */
export interface PositionState {
  /** Signed exposure as a fraction of the maximum: −1 full short, 0 flat, 1 full long. */
  position: number;
  /** Average entry price of the open position; ignored when flat. */
  entryPrice: number;
  /** Bars since the position was opened (0 on the bar it opened, or when flat). */
  barsInPosition: number;
}

export const FLAT: PositionState = Object.freeze({ position: 0, entryPrice: Number.NaN, barsInPosition: 0 });

/** What the builder knows besides the bar: the market and the symbol's fitted statistics. */
export interface ObservationEnv {
  market: MarketKind;
  stats: Pick<NormalizationStats, 'meanLogReturn' | 'stdLogReturn' | 'meanAtr' | 'meanPrice'>;
}

/** Registry columns the observation reads (the 'observation' feature set). */
export const OBSERVATION_COLUMNS = [
  'log_return',
  'roc_10',
  'realized_vol_20',
  'sma_10',
  'sma_20',
  'sma_50',
  'ema_10',
  'ema_20',
  'ema_50',
  'macd',
  'macd_signal',
  'macd_hist',
  'rsi_14',
  'stoch_k',
  'stoch_d',
  'adx_14',
  'bb_upper',
  'bb_middle',
  'bb_lower',
  'atr_14',
  'volume_z_20',
  'volume_ratio_20',
  'vwap',
  'vwap_rolling_24',
  'range_position_20',
  'pivot_resistance_dist',
  'pivot_support_dist',
  'hh_20',
  'll_20',
  'consecutive_candles',
  'cdl_doji',
  'cdl_hammer',
  'cdl_shooting_star',
  'cdl_engulfing',
  'funding_rate',
  'oi_change_24',
  'news_sentiment',
  'is_market_open',
] as const;
export type ObservationColumn = (typeof OBSERVATION_COLUMNS)[number];

/** One bar as the builder reads it: OHLCV, open time (UTC ms) and the observation set's columns. */
export type ObservationBar = Record<'time' | 'open' | 'high' | 'low' | 'close' | 'volume', number> &
  Record<ObservationColumn, number>;

export interface ObservationFeature {
  name: string;
  /** The formula as docs/observation.md prints it. */
  formula: string;
  /** Values are clipped to [lo, hi]. */
  range: readonly [number, number];
  /** Value when the inputs are NaN. */
  fill: number;
  value(x: ObservationBar, position: PositionState, env: ObservationEnv): number;
}

const Z = [-5, 5] as const;
const UNIT = [-1, 1] as const;

/** A distance of two prices in ATR units. */
const atrUnits = (a: number, b: number, atr: number) => (a - b) / atr;

function distanceToAverage(column: ObservationColumn): ObservationFeature {
  return {
    name: `close_${column}_atr`,
    formula: `(close − ${column}) / atr_14`,
    range: Z,
    fill: 0,
    value: (x) => atrUnits(x.close, x[column], x.atr_14),
  };
}

function oscillator(column: ObservationColumn): ObservationFeature {
  return {
    name: `${column}_c`,
    formula: `(${column} − 50) / 50`,
    range: UNIT,
    fill: 0,
    value: (x) => (x[column] - 50) / 50,
  };
}

function pattern(column: ObservationColumn): ObservationFeature {
  return {
    name: column,
    formula: `${column} / 100 (TA-Lib's ±100)`,
    range: UNIT,
    fill: 0,
    value: (x) => x[column] / 100,
  };
}

const TWO_PI = 2 * Math.PI;
const DAY_MS = 86_400_000;

export const OBSERVATION_FEATURES: readonly ObservationFeature[] = [
  // Returns and momentum, in units of the symbol's fitted return std σ.
  {
    name: 'log_return_z',
    formula: '(log_return − μ) / σ, μ and σ fit on the training window',
    range: Z,
    fill: 0,
    value: (x, _p, { stats }) => (x.log_return - stats.meanLogReturn) / stats.stdLogReturn,
  },
  {
    name: 'roc_10_z',
    formula: 'ln(1 + roc_10 / 100) / (σ · √10)',
    range: Z,
    fill: 0,
    value: (x, _p, { stats }) => Math.log1p(x.roc_10 / 100) / (stats.stdLogReturn * Math.sqrt(10)),
  },
  {
    name: 'realized_vol_ratio',
    formula: 'realized_vol_20 / σ',
    range: [0, 5],
    fill: 1,
    value: (x, _p, { stats }) => x.realized_vol_20 / stats.stdLogReturn,
  },
  {
    name: 'atr_ratio',
    formula: '(atr_14 / close) / (mean ATR / mean price of the training window)',
    range: [0, 5],
    fill: 1,
    value: (x, _p, { stats }) => x.atr_14 / x.close / (stats.meanAtr / stats.meanPrice),
  },
  // Trend: distances to moving averages and MACD, in ATR units.
  distanceToAverage('sma_10'),
  distanceToAverage('sma_20'),
  distanceToAverage('sma_50'),
  distanceToAverage('ema_10'),
  distanceToAverage('ema_20'),
  distanceToAverage('ema_50'),
  {
    name: 'ema_10_50_atr',
    formula: '(ema_10 − ema_50) / atr_14',
    range: Z,
    fill: 0,
    value: (x) => atrUnits(x.ema_10, x.ema_50, x.atr_14),
  },
  {
    name: 'sma_10_50_atr',
    formula: '(sma_10 − sma_50) / atr_14',
    range: Z,
    fill: 0,
    value: (x) => atrUnits(x.sma_10, x.sma_50, x.atr_14),
  },
  { name: 'macd_atr', formula: 'macd / atr_14', range: Z, fill: 0, value: (x) => x.macd / x.atr_14 },
  {
    name: 'macd_signal_atr',
    formula: 'macd_signal / atr_14',
    range: Z,
    fill: 0,
    value: (x) => x.macd_signal / x.atr_14,
  },
  {
    name: 'macd_hist_atr',
    formula: 'macd_hist / atr_14',
    range: Z,
    fill: 0,
    value: (x) => x.macd_hist / x.atr_14,
  },
  // Oscillators, centred.
  oscillator('rsi_14'),
  oscillator('stoch_k'),
  oscillator('stoch_d'),
  { name: 'adx_14_u', formula: 'adx_14 / 100', range: [0, 1], fill: 0, value: (x) => x.adx_14 / 100 },
  {
    name: 'bb_percent_b',
    formula: '(close − bb_lower) / (bb_upper − bb_lower) − 0.5',
    range: [-1.5, 1.5],
    fill: 0,
    value: (x) => (x.close - x.bb_lower) / (x.bb_upper - x.bb_lower) - 0.5,
  },
  {
    name: 'bb_width_atr',
    formula: '(bb_upper − bb_lower) / atr_14',
    range: [0, 20],
    fill: 0,
    value: (x) => (x.bb_upper - x.bb_lower) / x.atr_14,
  },
  // The bar itself, in ATR units.
  {
    name: 'range_atr',
    formula: '(high − low) / atr_14',
    range: [0, 10],
    fill: 1,
    value: (x) => (x.high - x.low) / x.atr_14,
  },
  {
    name: 'body_atr',
    formula: '(close − open) / atr_14',
    range: Z,
    fill: 0,
    value: (x) => (x.close - x.open) / x.atr_14,
  },
  {
    name: 'upper_wick_atr',
    formula: '(high − max(open, close)) / atr_14',
    range: [0, 5],
    fill: 0,
    value: (x) => (x.high - Math.max(x.open, x.close)) / x.atr_14,
  },
  {
    name: 'lower_wick_atr',
    formula: '(min(open, close) − low) / atr_14',
    range: [0, 5],
    fill: 0,
    value: (x) => (Math.min(x.open, x.close) - x.low) / x.atr_14,
  },
  {
    name: 'gap_atr',
    formula: '(open − previous close) / atr_14, previous close = close / e^log_return',
    range: Z,
    fill: 0,
    value: (x) => (x.open - x.close / Math.exp(x.log_return)) / x.atr_14,
  },
  // Volume.
  { name: 'volume_z_20', formula: 'volume_z_20', range: Z, fill: 0, value: (x) => x.volume_z_20 },
  {
    name: 'log_volume_ratio_20',
    formula: 'ln(volume_ratio_20) (a bar without volume: −5)',
    range: Z,
    fill: 0,
    value: (x) => (x.volume_ratio_20 === 0 ? -5 : Math.log(x.volume_ratio_20)),
  },
  {
    name: 'close_vwap_atr',
    formula: '(close − vwap) / atr_14 (session VWAP for stocks, UTC-day for crypto)',
    range: Z,
    fill: 0,
    value: (x) => atrUnits(x.close, x.vwap, x.atr_14),
  },
  {
    name: 'close_vwap_rolling_atr',
    formula: '(close − vwap_rolling_24) / atr_14 (crypto; 0 for stocks)',
    range: Z,
    fill: 0,
    value: (x) => atrUnits(x.close, x.vwap_rolling_24, x.atr_14),
  },
  // Price structure.
  {
    name: 'range_position_20_c',
    formula: '2 · range_position_20 − 1',
    range: UNIT,
    fill: 0,
    value: (x) => 2 * x.range_position_20 - 1,
  },
  {
    name: 'resistance_atr',
    formula: 'pivot_resistance_dist · close / atr_14 (no pivot: 10)',
    range: [0, 10],
    fill: 10,
    value: (x) => (x.pivot_resistance_dist * x.close) / x.atr_14,
  },
  {
    name: 'support_atr',
    formula: 'pivot_support_dist · close / atr_14 (no pivot: 10)',
    range: [0, 10],
    fill: 10,
    value: (x) => (x.pivot_support_dist * x.close) / x.atr_14,
  },
  { name: 'hh_20_u', formula: 'hh_20 / 20', range: [0, 1], fill: 0, value: (x) => x.hh_20 / 20 },
  { name: 'll_20_u', formula: 'll_20 / 20', range: [0, 1], fill: 0, value: (x) => x.ll_20 / 20 },
  {
    name: 'consecutive_candles_u',
    formula: 'consecutive_candles / 10',
    range: UNIT,
    fill: 0,
    value: (x) => x.consecutive_candles / 10,
  },
  // Candlestick patterns.
  pattern('cdl_doji'),
  pattern('cdl_hammer'),
  pattern('cdl_shooting_star'),
  pattern('cdl_engulfing'),
  // Context beside the bars.
  {
    name: 'funding_rate_x1000',
    formula: 'funding_rate · 1000 (perpetuals; else 0)',
    range: Z,
    fill: 0,
    value: (x) => x.funding_rate * 1000,
  },
  {
    name: 'oi_change_24_u',
    formula: 'oi_change_24 / 10 (percent / 10; perpetuals, else 0)',
    range: Z,
    fill: 0,
    value: (x) => x.oi_change_24 / 10,
  },
  {
    name: 'news_sentiment',
    formula: 'news_sentiment (stocks; 0 without headlines)',
    range: UNIT,
    fill: 0,
    value: (x) => x.news_sentiment,
  },
  {
    name: 'has_news',
    formula: '1 when news_sentiment has headlines in its window, else 0',
    range: [0, 1],
    fill: 0,
    value: (x) => (Number.isFinite(x.news_sentiment) ? 1 : 0),
  },
  // Time of day (UTC), as a point on the circle.
  {
    name: 'hour_sin',
    formula: 'sin(2π · UTC time of day of the bar open / 24 h)',
    range: UNIT,
    fill: 0,
    value: (x) => Math.sin((TWO_PI * (x.time % DAY_MS)) / DAY_MS),
  },
  {
    name: 'hour_cos',
    formula: 'cos(2π · UTC time of day of the bar open / 24 h)',
    range: UNIT,
    fill: 1,
    value: (x) => Math.cos((TWO_PI * (x.time % DAY_MS)) / DAY_MS),
  },
  {
    name: 'is_weekend',
    formula: '1 when the bar opens on a Saturday or Sunday (UTC), else 0',
    range: [0, 1],
    fill: 0,
    // Day 0 (1970-01-01) was a Thursday: weekday = (day + 4) mod 7, Saturday 6, Sunday 0.
    value: (x) => {
      const weekday = (((Math.floor(x.time / DAY_MS) + 4) % 7) + 7) % 7;
      return weekday === 6 || weekday === 0 ? 1 : 0;
    },
  },
  // Position state (builder inputs).
  {
    name: 'position',
    formula: 'position (−1 full short … 1 full long)',
    range: UNIT,
    fill: 0,
    value: (_x, p) => p.position,
  },
  {
    name: 'unrealized_pnl_atr',
    formula: 'position · (close − entry price) / atr_14 (flat: 0)',
    range: [-10, 10],
    fill: 0,
    value: (x, p) => (p.position === 0 ? 0 : (p.position * (x.close - p.entryPrice)) / x.atr_14),
  },
  {
    name: 'time_in_position',
    formula: 'ln(1 + bars in position) / ln(1001) (flat: 0)',
    range: [0, 1],
    fill: 0,
    value: (_x, p) => (p.position === 0 ? 0 : Math.log1p(p.barsInPosition) / Math.log(1001)),
  },
  // The three the multi-market policy adds.
  {
    name: 'market_type',
    formula: '0 stock, 1 crypto (spot or perpetual)',
    range: [0, 1],
    fill: 0,
    value: (_x, _p, { market }) => (market === 'stock' ? 0 : 1),
  },
  {
    name: 'normalized_volatility',
    formula: 'atr_14 / sma_20 (ATR over the 20-bar average price)',
    range: [0, 1],
    fill: 0,
    value: (x) => x.atr_14 / x.sma_20,
  },
  {
    name: 'is_market_open',
    formula: 'is_market_open (NYSE regular session for stocks; crypto: 1)',
    range: [0, 1],
    fill: 0,
    value: (x) => x.is_market_open,
  },
];
