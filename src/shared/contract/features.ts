import { z } from 'zod';
import { UtcDate } from './binance.js';
import { MarketKind } from './coverage.js';

/** One feature as the registry defines it, for `tradelab features --list` and the dashboard. */
export const FeatureInfo = z.object({
  /** Column name in matrices and CSV, e.g. "rsi_14". */
  name: z.string(),
  /** Kernel and parameters in words, e.g. "RSI, Wilder smoothing, period 14". */
  definition: z.string(),
  /** What it is computed from: bars, funding, open interest, news, calendar. */
  inputs: z.array(z.string()),
  /** Bars before the first valid value (NaN until then). */
  warmup: z.number().int().nonnegative(),
  /** Markets it applies to (others get NaN). */
  markets: z.array(MarketKind),
  /** Hash of name + kernel version + parameters: a change makes cached values stale. */
  version: z.string(),
});
export type FeatureInfo = z.infer<typeof FeatureInfo>;

/** A versioned, named list of features computed together (e.g. the CSV export set, the observation set). */
export const FeatureSetInfo = z.object({
  name: z.string(),
  version: z.string(),
  features: z.array(z.string()),
});
export type FeatureSetInfo = z.infer<typeof FeatureSetInfo>;

/** Parameters of an `export-features` job: one instrument's bars and features written as CSV. */
export const ExportFeaturesParams = z
  .object({
    symbol: z.string().min(1).max(30),
    interval: z.string().min(2).max(4),
    /** spot / um (Binance) or stock; default: the only stored market with that symbol. */
    market: z.enum(['spot', 'um', 'stock']).optional(),
    from: UtcDate.optional(),
    to: UtcDate.optional(),
    /** Feature set by name (default "export"). */
    featureSet: z.string().default('export'),
    /** Absolute path of the CSV to write (the CLI resolves a relative one). */
    out: z.string().min(1),
  })
  .refine((p) => !p.from || !p.to || p.from <= p.to, {
    message: '"from" must not be after "to"',
    path: ['from'],
  });
export type ExportFeaturesParams = z.infer<typeof ExportFeaturesParams>;

export const ExportFeaturesSummary = z.object({
  path: z.string(),
  rows: z.number().int().nonnegative(),
  columns: z.array(z.string()),
  /** Day chunks whose features came from the cache vs were computed this run. */
  chunksCached: z.number().int().nonnegative(),
  chunksComputed: z.number().int().nonnegative(),
  featureSet: FeatureSetInfo,
});
export type ExportFeaturesSummary = z.infer<typeof ExportFeaturesSummary>;
