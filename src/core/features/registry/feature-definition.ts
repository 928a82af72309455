import type { MarketKind } from '../../../shared/contract/index.js';
import type { BarColumns } from '../../store/bar-columns.js';
import type { FeatureContext } from './feature-context.js';

/** What a feature is computed from (listed by `tradelab features --list`). */
export type FeatureInputKind = 'bars' | 'funding' | 'openInterest' | 'news' | 'calendar';

/** Everything a feature may read: one instrument's bars and what is stored beside them. */
export interface FeatureInput {
  /** Bars in strictly increasing time; the value at index i may use rows 0..i only. */
  bars: BarColumns;
  market: MarketKind;
  symbol: string;
  /** Funding, open interest, news sentiment and calendar access for this instrument. */
  context: FeatureContext;
  /**
   * Bar length in ms (intervalMs('1h') = 3,600,000): a bar opened at t closes at t + intervalMs,
   * when a feature reading funding, OI or news may see what is stamped up to then. The cache,
   * the export job and the leakage guard always give it; features that need it refuse its absence.
   */
  intervalMs?: number;
}

/**
 * The bar-by-bar twin of a feature's batch computation. `update(bars, i)` takes row i (the newest
 * bar) and returns exactly what `compute` gives at that index, one number per output (NaN in
 * warm-up). `bars` may hold only the current day's chunk (the cache resumes a stream from a saved
 * state with the earlier days unloaded), so a stream reads row i alone and keeps what it needs of
 * the past in its state. `snapshot()` returns that state; `restore(state)` on a fresh stream from
 * the same definition continues identically.
 */
export interface FeatureStream {
  update(bars: BarColumns, i: number): number[];
  snapshot(): Float64Array;
  restore(state: Float64Array): void;
}

/** Market, symbol and context a stream may need (funding, news); a bar-only stream ignores it. */
export type FeatureStreamInput = Omit<FeatureInput, 'bars'>;

/** A feature (or a kernel giving several columns) as the registry holds it. */
export interface FeatureDefinition {
  /** Column name, e.g. 'rsi_14'; for a multi-output kernel, the first column (see `outputs`). */
  name: string;
  /** Kernel and parameters in words, e.g. "RSI, Wilder smoothing seeded with the simple mean, period 14". */
  definition: string;
  inputs: FeatureInputKind[];
  /** Markets it applies to; others get NaN. */
  markets: MarketKind[];
  /** Bars before the first valid value (NaN until then). */
  warmup: number;
  /** Bump when the math changes: part of the version hash, so cached values go stale. */
  kernelVersion: number;
  params: Record<string, number | string>;
  /** Column names when one kernel gives several, e.g. ['macd', 'macd_signal', 'macd_hist']; default [name]. */
  outputs?: string[];
  /** Full-length outputs, one per column, in `outputs` order. */
  compute(input: FeatureInput): Float64Array[];
  /** A fresh stream (the registry always passes the input; a bar-only feature may declare `stream()`). */
  stream(input: FeatureStreamInput): FeatureStream;
}

/** The columns a definition produces, in order. */
export function outputsOf(def: FeatureDefinition): string[] {
  return def.outputs && def.outputs.length > 0 ? def.outputs : [def.name];
}
