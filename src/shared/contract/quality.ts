import { z } from 'zod';
import { MarketKind } from './coverage.js';

/** A stretch where bars are missing: `after` is the last bar before it, `before` the first after it. */
export const QualityGap = z.object({
  after: z.string(),
  before: z.string(),
  missingBars: z.number().int().positive(),
  /** "outage": the same stretch is missing across the venue's other symbols; "missing": only here. */
  kind: z.enum(['outage', 'missing']),
});
export type QualityGap = z.infer<typeof QualityGap>;

/** Data quality of one instrument × interval, computed from the stored bars. */
export const QualityReport = z.object({
  symbol: z.string(),
  venue: z.string(),
  market: MarketKind,
  interval: z.string(),
  computedAt: z.string(),
  bars: z.number().int().nonnegative(),
  first: z.string().nullable(),
  last: z.string().nullable(),
  /** Bars a complete series from first to last would hold. */
  expectedBars: z.number().int().nonnegative(),
  /** bars / expectedBars, 0..1. */
  completeness: z.number().min(0).max(1),
  /** Enough bars (≥ 1000) and no ordering or duplicate faults. */
  trainable: z.boolean(),
  chronological: z.boolean(),
  duplicates: z.number().int().nonnegative(),
  /** Bars where high < max(open, close), low > min(open, close), or a value is not a positive number. */
  ohlcViolations: z.number().int().nonnegative(),
  /** Bars whose open time is off the grid: a multiple of the interval (crypto, e.g. :28:14.789 after an outage), or session open + k·interval (stocks). */
  misaligned: z.number().int().nonnegative(),
  /** A few examples of each fault, ISO times with a reason. */
  examples: z.array(z.object({ time: z.string(), problem: z.string() })),
  gapCount: z.number().int().nonnegative(),
  missingBars: z.number().int().nonnegative(),
  /** Longest gaps first, at most 200 listed. */
  gaps: z.array(QualityGap),
});
export type QualityReport = z.infer<typeof QualityReport>;

export const QualityQuery = z.object({
  symbol: z.string().optional(),
  interval: z.string().optional(),
});
export type QualityQuery = z.infer<typeof QualityQuery>;
