import { z } from 'zod';

/** What kind of market an instrument trades on. */
export const MarketKind = z.enum(['stock', 'crypto-spot', 'crypto-perp']);
export type MarketKind = z.infer<typeof MarketKind>;

/** One row of the coverage table: an instrument at one bar interval. Times are ISO-8601 UTC. */
export const CoverageRow = z.object({
  symbol: z.string(),
  venue: z.string(),
  market: MarketKind,
  interval: z.string(),
  bars: z.number().int().nonnegative(),
  first: z.string().nullable(),
  last: z.string().nullable(),
  days: z.number().int().nonnegative(),
  /** Number of places where consecutive bars are further apart than one interval. */
  gaps: z.number().int().nonnegative(),
});
export type CoverageRow = z.infer<typeof CoverageRow>;

/** Bars stored for one instrument × interval × UTC day, for the coverage heatmap. */
export const CoverageDay = z.object({
  symbol: z.string(),
  market: MarketKind,
  interval: z.string(),
  /** UTC day, YYYY-MM-DD. */
  day: z.string(),
  bars: z.number().int().nonnegative(),
  /** Bars a complete day holds at this interval: 24h for crypto, the NYSE session (390 1m bars, 210 on a half day) for stocks. */
  expected: z.number().int().positive(),
  gaps: z.number().int().nonnegative(),
});
export type CoverageDay = z.infer<typeof CoverageDay>;

export const CoverageDaysQuery = z.object({
  symbol: z.string().optional(),
  interval: z.string().optional(),
  /** At most this many most recent days per instrument × interval. */
  limitDays: z.number().int().positive().max(5000).default(366),
});

/** A weekday the US stock market was (or will be) closed, for the heatmap and reports. */
export const MarketClosure = z.object({
  /** New York date, YYYY-MM-DD. */
  date: z.string(),
  /** e.g. "Good Friday", "Christmas Day (observed)", "National Day of Mourning". */
  reason: z.string(),
});
export type MarketClosure = z.infer<typeof MarketClosure>;
