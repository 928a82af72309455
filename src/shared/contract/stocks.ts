import { z } from 'zod';
import { TransferTuning, UtcDate } from './binance.js';

/** A US stock or ETF ticker as the exchanges write it: AAPL, BRK.B, SPY. */
export const StockTicker = z
  .string()
  .regex(/^[A-Z][A-Z0-9.-]{0,9}$/, 'a ticker is upper-case letters, digits, "." or "-", e.g. AAPL or BRK.B');
export type StockTicker = z.infer<typeof StockTicker>;

const DateRange = {
  /** First session day (New York date), inclusive. */
  from: UtcDate,
  /** Last session day, inclusive; today or later means "up to the newest published file". */
  to: UtcDate,
};

/** Flat-file datasets of the Polygon / Massive S3 bucket. */
export const PolygonDataset = z.enum(['minute', 'day']);
export type PolygonDataset = z.infer<typeof PolygonDataset>;

/** Where the flat files are. Unset fields mean the setting, env (POLYGON_S3_*) or default. */
export const PolygonS3Location = z.object({
  endpoint: z.string().url().optional(),
  bucket: z.string().min(3).max(63).optional(),
});
export type PolygonS3Location = z.infer<typeof PolygonS3Location>;

/**
 * Parameters of a `fetch-polygon` job: day files of `us_stocks_sip/minute_aggs_v1` (and
 * `day_aggs_v1`) in the range, streamed, filtered to the tickers, stored as 1m / 1d bars.
 * Credentials are never part of the parameters: parameters are stored with the job.
 */
export const FetchPolygonParams = z
  .object({
    tickers: z.array(StockTicker).min(1).max(2000),
    ...DateRange,
    datasets: z.array(PolygonDataset).min(1).default(['minute', 'day']),
    /** Keep pre- and after-market minute bars (04:00–09:30, 16:00–20:00 New York) too. */
    extendedHours: z.boolean().default(false),
    /** Day files downloaded in parallel. */
    concurrency: z.number().int().min(1).max(16).default(4),
    s3: PolygonS3Location.default({}),
    transfer: TransferTuning.default({}),
  })
  .refine((p) => p.from <= p.to, { message: '"from" must not be after "to"', path: ['from'] });
export type FetchPolygonParams = z.infer<typeof FetchPolygonParams>;

/** Summary of a finished flat-file fetch. */
export const PolygonFetchSummary = z.object({
  /** Day files the range asked for (per dataset, weekdays; holidays come back absent). */
  filesPlanned: z.number().int().nonnegative(),
  filesDownloaded: z.number().int().nonnegative(),
  /** Already ingested for these tickers with the same ETag: not downloaded again. */
  filesUpToDate: z.number().int().nonnegative(),
  /** Not in the bucket: a holiday, a weekend, or not published yet (T+1). Normal. */
  filesAbsent: z.number().int().nonnegative(),
  /** Corrupt gzip or a malformed row: nothing stored from that file. */
  filesRejected: z.number().int().nonnegative(),
  /** Gave up after retries: a re-run tries them again. */
  filesFailed: z.number().int().nonnegative(),
  bytesDownloaded: z.number().int().nonnegative(),
  retries: z.number().int().nonnegative(),
  barsStored: z.number().int().nonnegative(),
  /** Requested tickers that no file in the range contained. */
  tickersNotFound: z.array(z.string()),
  notes: z.array(z.string()),
});
export type PolygonFetchSummary = z.infer<typeof PolygonFetchSummary>;

/** Bar intervals the lab asks Yahoo for, each with its own look-back window. */
export const YahooInterval = z.enum(['1m', '5m', '15m', '30m', '1h', '1d']);
export type YahooInterval = z.infer<typeof YahooInterval>;

/** Where Yahoo is. Unset means the setting, env (TRADELAB_YAHOO_URL) or default. */
export const YahooEndpoints = z.object({ yahooUrl: z.string().url().optional() });
export type YahooEndpoints = z.infer<typeof YahooEndpoints>;

/**
 * Parameters of a `fetch-yahoo` job: chart bars as backup and gap filler. Ranges beyond what
 * Yahoo keeps for an interval are clipped with a note (1m: last 30 days in 7-day requests;
 * 5m–30m: 60 days; 1h: 730 days; 1d: all). Bars never overwrite a better source's bars.
 */
export const FetchYahooParams = z
  .object({
    tickers: z.array(StockTicker).min(1).max(500),
    interval: YahooInterval,
    /** Default: as far back as Yahoo keeps this interval. */
    from: UtcDate.optional(),
    /** Default: today. */
    to: UtcDate.optional(),
    /** Also store splits and dividends (for the adjusted series). */
    events: z.boolean().default(true),
    endpoints: YahooEndpoints.default({}),
  })
  .refine((p) => !p.from || !p.to || p.from <= p.to, {
    message: '"from" must not be after "to"',
    path: ['from'],
  });
export type FetchYahooParams = z.infer<typeof FetchYahooParams>;

export const YahooFetchSummary = z.object({
  requests: z.number().int().nonnegative(),
  barsStored: z.number().int().nonnegative(),
  /** Bars Yahoo sent that a better source already had (kept the better one). */
  barsKeptFromBetterSource: z.number().int().nonnegative(),
  /** Bars dropped: nulls, outside the requested window, or not sound OHLC. */
  barsDropped: z.number().int().nonnegative(),
  splits: z.number().int().nonnegative(),
  dividends: z.number().int().nonnegative(),
  tickersFailed: z.array(z.string()),
  notes: z.array(z.string()),
});
export type YahooFetchSummary = z.infer<typeof YahooFetchSummary>;

/** Parameters of a `fetch-news` job: recent headlines per ticker from Yahoo search. */
export const FetchNewsParams = z.object({
  tickers: z.array(StockTicker).min(1).max(500),
  /** Headlines asked for per ticker. */
  perTicker: z.number().int().min(1).max(100).default(20),
  endpoints: YahooEndpoints.default({}),
});
export type FetchNewsParams = z.infer<typeof FetchNewsParams>;

export const NewsFetchSummary = z.object({
  requests: z.number().int().nonnegative(),
  /** New headlines stored (a headline seen before is not stored twice). */
  headlinesStored: z.number().int().nonnegative(),
  headlinesSeen: z.number().int().nonnegative(),
  tickersFailed: z.array(z.string()),
  notes: z.array(z.string()),
});
export type NewsFetchSummary = z.infer<typeof NewsFetchSummary>;

/** One headline as first seen: a point-in-time record, never edited afterwards. */
export const NewsItem = z.object({
  /** The provider's id (Yahoo uuid). */
  id: z.string(),
  tickers: z.array(z.string()),
  title: z.string(),
  publisher: z.string().nullable(),
  link: z.string().nullable(),
  /** When the provider published it, ISO UTC. Features may use it only after this time. */
  publishedAt: z.string(),
  /** When the lab first stored it, ISO UTC. */
  seenAt: z.string(),
  /** Lexicon score in [-1, 1]: (positive − negative) / (positive + negative), 0 without hits. */
  sentiment: z.number().min(-1).max(1),
  positiveWords: z.number().int().nonnegative(),
  negativeWords: z.number().int().nonnegative(),
});
export type NewsItem = z.infer<typeof NewsItem>;

export const NewsQuery = z.object({
  ticker: StockTicker.optional(),
  limit: z.number().int().positive().max(1000).default(100),
});
export type NewsQuery = z.infer<typeof NewsQuery>;

/** A split or a cash dividend, from Yahoo chart events. */
export const CorporateAction = z.object({
  ticker: z.string(),
  kind: z.enum(['split', 'dividend']),
  /** Ex-date, YYYY-MM-DD (New York). */
  exDate: z.string(),
  /** Splits: new shares per old share (4 for a 4-for-1). */
  ratio: z.number().positive().nullable(),
  /** Dividends: cash per share. */
  amount: z.number().nonnegative().nullable(),
  source: z.string(),
});
export type CorporateAction = z.infer<typeof CorporateAction>;

export const CoinGeckoSnapshotKind = z.enum(['markets', 'trending']);
export type CoinGeckoSnapshotKind = z.infer<typeof CoinGeckoSnapshotKind>;

/** Where CoinGecko is. Unset means the setting, env (TRADELAB_COINGECKO_URL) or default. */
export const CoinGeckoEndpoints = z.object({ coingeckoUrl: z.string().url().optional() });
export type CoinGeckoEndpoints = z.infer<typeof CoinGeckoEndpoints>;

/** Parameters of a `fetch-coingecko` job: snapshots recorded forward (CoinGecko keeps no history of these). */
export const FetchCoinGeckoParams = z.object({
  what: z.array(CoinGeckoSnapshotKind).min(1).default(['markets', 'trending']),
  /** Coins by market cap: pages × perPage. */
  perPage: z.number().int().min(1).max(250).default(250),
  pages: z.number().int().min(1).max(20).default(1),
  vsCurrency: z
    .string()
    .regex(/^[a-z]{3,5}$/)
    .default('usd'),
  endpoints: CoinGeckoEndpoints.default({}),
});
export type FetchCoinGeckoParams = z.infer<typeof FetchCoinGeckoParams>;

export const CoinGeckoFetchSummary = z.object({
  requests: z.number().int().nonnegative(),
  snapshots: z.array(
    z.object({
      kind: CoinGeckoSnapshotKind,
      id: z.number().int().positive(),
      items: z.number().int().nonnegative(),
    }),
  ),
  notes: z.array(z.string()),
});
export type CoinGeckoFetchSummary = z.infer<typeof CoinGeckoFetchSummary>;

export const CoinGeckoItem = z.object({
  /** Market-cap rank (markets) or position in the trending list (trending), 1-based. */
  rank: z.number().int().positive(),
  id: z.string(),
  symbol: z.string(),
  name: z.string(),
  marketCapRank: z.number().int().positive().nullable(),
  priceUsd: z.number().nullable(),
  marketCapUsd: z.number().nullable(),
  volume24hUsd: z.number().nullable(),
});
export type CoinGeckoItem = z.infer<typeof CoinGeckoItem>;

export const CoinGeckoSnapshot = z.object({
  id: z.number().int().positive(),
  kind: CoinGeckoSnapshotKind,
  takenAt: z.string(),
  /** The provider's own timestamp where it gives one (markets: newest last_updated). */
  sourceTime: z.string().nullable(),
  items: z.array(CoinGeckoItem),
});
export type CoinGeckoSnapshot = z.infer<typeof CoinGeckoSnapshot>;

export const CoinGeckoQuery = z.object({
  kind: CoinGeckoSnapshotKind.optional(),
  /** Latest at or before this time; default now. */
  at: z.string().datetime().optional(),
});
export type CoinGeckoQuery = z.infer<typeof CoinGeckoQuery>;

/** Secrets the lab keeps. Values never cross back to a dashboard: only whether each is set. */
export const SecretName = z.enum(['polygonS3AccessKey', 'polygonS3SecretKey', 'coingeckoApiKey']);
export type SecretName = z.infer<typeof SecretName>;

export const CredentialStatus = z.object({
  name: SecretName,
  configured: z.boolean(),
  /** env: from the environment (server, CLI); stored: encrypted with the OS keychain (desktop). */
  source: z.enum(['env', 'stored', 'none']),
  /** The environment variable that sets it. */
  envName: z.string(),
});
export type CredentialStatus = z.infer<typeof CredentialStatus>;

export const CredentialsStatus = z.object({
  /** Whether this shell can store secrets encrypted (desktop with safeStorage); elsewhere use env. */
  canStore: z.boolean(),
  items: z.array(CredentialStatus),
});
export type CredentialsStatus = z.infer<typeof CredentialsStatus>;

/** Secrets to store (desktop only); null removes one. Values are write-only. */
export const CredentialsPatch = z
  .object({
    polygonS3AccessKey: z.string().min(1).max(512).nullable(),
    polygonS3SecretKey: z.string().min(1).max(512).nullable(),
    coingeckoApiKey: z.string().min(1).max(512).nullable(),
  })
  .partial()
  .strict();
export type CredentialsPatch = z.infer<typeof CredentialsPatch>;
