import type { MarketKind } from '../../shared/contract/index.js';
import { OBSERVATION_FEATURES } from '../features/observation/observation-features.js';

/** Values per observation (the feature engine's 53). */
export const OBS_SIZE = OBSERVATION_FEATURES.length;

const indexOf = (name: string): number => {
  const i = OBSERVATION_FEATURES.findIndex((f) => f.name === name);
  if (i < 0) throw new Error(`observation has no "${name}" value`);
  return i;
};

/** Slots of the observation that depend on the agent's position (the environment writes them). */
export const OBS_POSITION = indexOf('position');
export const OBS_UNREALIZED_PNL = indexOf('unrealized_pnl_atr');
export const OBS_TIME_IN_POSITION = indexOf('time_in_position');
/** 0 stock, 1 crypto: the policy's per-market heads switch on it. */
export const OBS_MARKET_TYPE = indexOf('market_type');

/** Actions of the policy, as indices of its three logits. */
export const ACTIONS = { short: 0, flat: 1, long: 2 } as const;
export const ACTION_COUNT = 3;
/** Target position of each action index. */
export const ACTION_POSITION = [-1, 0, 1] as const;

/**
 * One instrument's series, prepared for simulation: every array has one entry per bar, in time
 * order. Bar i is stamped with its open time and known at its close; a decision taken at bar i
 * sees obs row i and earns nextLogReturn[i] (close i → close i+1) when it is in effect.
 */
export interface TrainingSeries {
  instrumentId: number;
  symbol: string;
  market: MarketKind;
  interval: string;
  /** Bar open times, UTC ms. */
  time: Float64Array;
  close: Float64Array;
  /** ATR-14 at bar i (NaN in warm-up); the env uses it for unrealised P&L and volatility slippage. */
  atr: Float64Array;
  /** Observation of bar i with a flat position, row-major (n × OBS_SIZE), finite and clipped. */
  obs: Float32Array;
  /** ln(close[i+1] / close[i]); NaN at the last bar of a segment (no next bar in it). */
  nextLogReturn: Float64Array;
  /** 1 when the market is open at bar i's close (crypto: always 1). */
  marketOpen: Uint8Array;
  /** One past the last bar of the contiguous segment holding bar i: episodes end there (data gaps). */
  segmentEnd: Int32Array;
  /** Std of per-bar log returns fitted on the training window only (reward scale). */
  sigma: number;
  /** Bar-chunk checksums the series was read from (for the model's data hash). */
  chunkChecksums: string[];
}

/** A half-open range of bar indices [start, end) of one series: a train or test window. */
export interface SeriesWindow {
  series: TrainingSeries;
  start: number;
  end: number;
}
