import type { FeatureSetDefinition } from './feature-set.js';

/** The columns `tradelab features` writes after the bars, in the order the issue lists them. */
export const EXPORT_SET: FeatureSetDefinition = {
  name: 'export',
  description:
    'the CSV export of `tradelab features`: moving averages, oscillators, volume and candle patterns',
  columns: [
    'sma_10',
    'sma_20',
    'sma_50',
    'ema_10',
    'ema_20',
    'ema_50',
    'rsi_14',
    'atr_14',
    'macd',
    'macd_signal',
    'macd_hist',
    'bb_upper',
    'bb_middle',
    'bb_lower',
    'stoch_k',
    'stoch_d',
    'adx_14',
    'obv',
    'vpt',
    'vwap',
    'volume_z_20',
    'log_return',
    'cdl_doji',
    'cdl_hammer',
    'cdl_shooting_star',
    'cdl_engulfing',
  ],
};
