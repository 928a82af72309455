import { z } from 'zod';

/** A Binance symbol as the exchange writes it, e.g. BTCUSDT. */
export const BinanceSymbol = z
  .string()
  .regex(/^[A-Z0-9]{2,30}$/, 'a Binance symbol is upper-case letters and digits, e.g. BTCUSDT');

/** A UTC calendar day, YYYY-MM-DD. */
export const UtcDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a UTC date YYYY-MM-DD')
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    {
      message: 'not a calendar date',
    },
  );

/** Kline intervals Data Vision publishes. */
export const BinanceInterval = z.enum([
  '1s',
  '1m',
  '3m',
  '5m',
  '15m',
  '30m',
  '1h',
  '2h',
  '4h',
  '6h',
  '8h',
  '12h',
  '1d',
]);
export type BinanceInterval = z.infer<typeof BinanceInterval>;

/** Where Binance data comes from. Each is optional: unset means the lab's setting, env or default. */
export const BinanceEndpoints = z.object({
  /** Download base of data.binance.vision or a mirror (files at `<url>/data/...`). */
  visionUrl: z.string().url().optional(),
  /** S3 listing base (XML, `?prefix=&delimiter=/&marker=`); defaults to visionUrl when only that is set. */
  visionListUrl: z.string().url().optional(),
  /** REST base (api.binance.com for spot; fapi for futures is derived unless restFuturesUrl is set). */
  restUrl: z.string().url().optional(),
  restFuturesUrl: z.string().url().optional(),
});
export type BinanceEndpoints = z.infer<typeof BinanceEndpoints>;

/** Transfer tuning for slow or flaky links (and for tests that inject faults). */
export const TransferTuning = z.object({
  /** Abort and retry an attempt after this long without a byte. */
  stallTimeoutMs: z.number().int().min(100).max(600_000).optional(),
  /** Attempts per request before a file is reported as failed. */
  maxAttempts: z.number().int().min(1).max(20).optional(),
  /** Scale of the exponential backoff between attempts. */
  retryBaseMs: z.number().int().min(1).max(60_000).optional(),
});
export type TransferTuning = z.infer<typeof TransferTuning>;

const DateRange = {
  /** First UTC day, inclusive. */
  from: UtcDate,
  /** Last UTC day, inclusive; a day in the future means "up to now". */
  to: UtcDate,
};

/** Parameters of a `fetch-binance` job: klines from Data Vision archives, then REST up to now. */
export const FetchBinanceParams = z
  .object({
    symbols: z.array(BinanceSymbol).min(1).max(500),
    interval: BinanceInterval,
    market: z.enum(['spot', 'um']).default('spot'),
    ...DateRange,
    /** Preset the request came from, kept for the record. */
    preset: z.string().optional(),
    /** Parallel downloads. */
    concurrency: z.number().int().min(1).max(32).default(8),
    /** After the archives, fill from the last archived bar up to `to` (or now) over REST. */
    restFill: z.boolean().default(true),
    endpoints: BinanceEndpoints.default({}),
    transfer: TransferTuning.default({}),
  })
  .refine((p) => p.from <= p.to, { message: '"from" must not be after "to"', path: ['from'] });
export type FetchBinanceParams = z.infer<typeof FetchBinanceParams>;

export const FuturesDataKind = z.enum(['funding', 'metrics', 'oi', 'premium']);
export type FuturesDataKind = z.infer<typeof FuturesDataKind>;

/** Parameters of a `fetch-binance-futures` job: USD-M funding, metrics, open interest, premium index. */
export const FetchBinanceFuturesParams = z
  .object({
    symbols: z.array(BinanceSymbol).min(1).max(500),
    what: z.array(FuturesDataKind).min(1).default(['funding', 'metrics', 'oi']),
    ...DateRange,
    concurrency: z.number().int().min(1).max(32).default(8),
    endpoints: BinanceEndpoints.default({}),
    transfer: TransferTuning.default({}),
  })
  .refine((p) => p.from <= p.to, { message: '"from" must not be after "to"', path: ['from'] });
export type FetchBinanceFuturesParams = z.infer<typeof FetchBinanceFuturesParams>;

/** Summary of a finished fetch job. Counts are files unless named otherwise. */
export const FetchSummary = z.object({
  filesPlanned: z.number().int().nonnegative(),
  /** Downloaded and verified this run. */
  filesDownloaded: z.number().int().nonnegative(),
  /** Already in the raw cache, verified, same ETag: no network. */
  filesCached: z.number().int().nonnegative(),
  /** Not published (404 or not in the listing): skipped, not an error. */
  filesAbsent: z.number().int().nonnegative(),
  /** Checksum mismatch, truncated or malformed: nothing stored from them. */
  filesRejected: z.number().int().nonnegative(),
  /** Downloaded again because the archive was re-uploaded (ETag / Last-Modified changed). */
  filesReuploaded: z.number().int().nonnegative(),
  /** Gave up after retries (network, server errors): a re-run resumes them. */
  filesFailed: z.number().int().nonnegative(),
  bytesDownloaded: z.number().int().nonnegative(),
  /** HTTP attempts that were retried (drops, 5xx, 429, stalls). */
  retries: z.number().int().nonnegative(),
  barsStored: z.number().int().nonnegative(),
  /** Bars (or rows) added over REST after the archives. */
  restRows: z.number().int().nonnegative(),
  /** Facts the user should know: delisted symbols, renames, last archive dates. */
  notes: z.array(z.string()),
});
export type FetchSummary = z.infer<typeof FetchSummary>;

/** A named download the Data page offers in one click. */
export const BinancePreset = z.object({
  id: z.string(),
  label: z.string(),
  market: z.enum(['spot', 'um']),
  interval: BinanceInterval,
  years: z.number().positive(),
  symbols: z.array(BinanceSymbol),
  /** Why some symbols need care (renamed, delisted). */
  notes: z.array(z.string()),
});
export type BinancePreset = z.infer<typeof BinancePreset>;

/** Parameters of a universe refresh: top USD-M perpetuals by 24h quote volume. */
export const UniverseParams = z.object({
  /** How many perpetuals by volume are considered. */
  fetchN: z.number().int().positive().max(1000).default(200),
  /** How many of those are kept. */
  selectN: z.number().int().positive().max(1000).default(100),
  /** Minimum 24h quote volume in USDT. */
  minQuoteVolume: z.number().nonnegative().default(500_000),
  endpoints: BinanceEndpoints.default({}),
});
export type UniverseParams = z.infer<typeof UniverseParams>;

export const UniverseMember = z.object({
  rank: z.number().int().positive(),
  symbol: z.string(),
  quoteVolume: z.number().nonnegative(),
  lastPrice: z.number().nullable(),
});
export type UniverseMember = z.infer<typeof UniverseMember>;

/** One point-in-time universe: what was selected when, with the rule that selected it. */
export const UniverseSnapshot = z.object({
  id: z.number().int().positive(),
  takenAt: z.string(),
  fetchN: z.number().int(),
  selectN: z.number().int(),
  minQuoteVolume: z.number(),
  /** USD-M perpetuals trading at the time, before the volume rule. */
  candidates: z.number().int().nonnegative(),
  members: z.array(UniverseMember),
});
export type UniverseSnapshot = z.infer<typeof UniverseSnapshot>;
