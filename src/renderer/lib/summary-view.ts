import type { z } from 'zod';
import {
  CoinGeckoFetchSummary,
  FetchSummary,
  NewsFetchSummary,
  PolygonFetchSummary,
  YahooFetchSummary,
  type JobKind,
} from '../../shared/contract/index.js';
import { formatBytes, formatInt } from './format.js';

/** One count of a job summary as shown: data-field and data-value carry the raw key and number. */
export interface SummaryStatView {
  name: string;
  field: string;
  value: number;
  text: string;
  /** Something the user should look at (a rejected file, a failed ticker). */
  warn: boolean;
  title?: string;
}

/** A list in a summary (tickers not found, snapshots taken), one line each. */
export interface SummaryListView {
  name: string;
  field: string;
  items: string[];
  warn: boolean;
}

export interface SummaryView {
  stats: SummaryStatView[];
  lists: SummaryListView[];
  notes: string[];
}

type NumberKey<S> = { [K in keyof S]: S[K] extends number ? K : never }[keyof S] & string;
type ListKey<S> = { [K in keyof S]: S[K] extends readonly unknown[] ? K : never }[keyof S] & string;

interface StatSpec<S> {
  name: string;
  field: NumberKey<S>;
  /** Shown as a size rather than a count. */
  bytes?: boolean;
  /** Highlighted when not zero. */
  warnWhenAny?: boolean;
  title?: string;
}

interface ListSpec<S> {
  name: string;
  field: ListKey<S>;
  warn?: boolean;
  /** One line per element; default: the element as text. */
  line?: (item: never) => string;
}

type Spec = (summary: unknown) => SummaryView | null;

function spec<S extends { notes: string[] }>(
  schema: z.ZodType<S>,
  stats: readonly StatSpec<S>[],
  lists: readonly ListSpec<S>[] = [],
): Spec {
  return (summary) => {
    const parsed = schema.safeParse(summary);
    if (!parsed.success) return null;
    const data = parsed.data;
    return {
      stats: stats.map((s) => {
        const value = data[s.field] as number;
        return {
          name: s.name,
          field: s.field,
          value,
          text: s.bytes ? formatBytes(value) : formatInt(value),
          warn: s.warnWhenAny === true && value > 0,
          title: s.title,
        };
      }),
      lists: lists
        .map((l) => {
          const items = data[l.field] as readonly unknown[];
          const line = (l.line ?? String) as (item: unknown) => string;
          return { name: l.name, field: l.field, items: items.map(line), warn: l.warn === true };
        })
        .filter((l) => l.items.length > 0),
      notes: data.notes,
    };
  };
}

const binanceSpec = spec(FetchSummary, [
  { name: 'planned', field: 'filesPlanned', title: 'Archive files this fetch covers' },
  { name: 'downloaded', field: 'filesDownloaded', title: 'Downloaded and verified by checksum' },
  { name: 'cached', field: 'filesCached', title: 'Already in the raw cache, verified: no download' },
  { name: 'absent', field: 'filesAbsent', title: 'Not published by Binance (skipped, not an error)' },
  {
    name: 'rejected',
    field: 'filesRejected',
    warnWhenAny: true,
    title: 'Checksum mismatch, truncated or malformed: nothing stored from them',
  },
  {
    name: 'failed',
    field: 'filesFailed',
    warnWhenAny: true,
    title: 'Gave up after retries (network, server errors): run the same fetch again to resume them',
  },
  { name: 're-uploaded', field: 'filesReuploaded', title: 'Downloaded again: Binance replaced the archive' },
  { name: 'retries', field: 'retries', title: 'HTTP attempts retried (drops, 5xx, 429, stalls)' },
  { name: 'downloaded bytes', field: 'bytesDownloaded', bytes: true },
  { name: 'bars stored', field: 'barsStored' },
  { name: 'REST rows', field: 'restRows', title: 'Bars added over REST after the last archive' },
]);

const polygonSpec = spec(
  PolygonFetchSummary,
  [
    { name: 'planned', field: 'filesPlanned', title: 'Day files the range asked for, per dataset' },
    { name: 'downloaded', field: 'filesDownloaded', title: 'Downloaded, unpacked and stored' },
    {
      name: 'up to date',
      field: 'filesUpToDate',
      title: 'Already stored for these tickers from the same file: not downloaded again',
    },
    {
      name: 'absent',
      field: 'filesAbsent',
      title: 'Not in the bucket: a holiday, a weekend or not published yet (files appear T+1). Normal.',
    },
    {
      name: 'rejected',
      field: 'filesRejected',
      warnWhenAny: true,
      title: 'Corrupt gzip or a malformed row: nothing stored from that file',
    },
    {
      name: 'failed',
      field: 'filesFailed',
      warnWhenAny: true,
      title: 'Gave up after retries: run the same fetch again to resume them',
    },
    { name: 'retries', field: 'retries', title: 'S3 requests retried' },
    { name: 'downloaded bytes', field: 'bytesDownloaded', bytes: true },
    { name: 'bars stored', field: 'barsStored' },
  ],
  [{ name: 'Tickers in no file of the range', field: 'tickersNotFound', warn: true }],
);

const yahooSpec = spec(
  YahooFetchSummary,
  [
    { name: 'requests', field: 'requests' },
    { name: 'bars stored', field: 'barsStored' },
    {
      name: 'kept better source',
      field: 'barsKeptFromBetterSource',
      title: 'Bars Yahoo sent that flat files already had: the flat-file bars were kept',
    },
    {
      name: 'dropped',
      field: 'barsDropped',
      title: 'Bars with nulls, outside the requested window, or not sound OHLC',
    },
    { name: 'splits', field: 'splits' },
    { name: 'dividends', field: 'dividends' },
  ],
  [{ name: 'Tickers that failed', field: 'tickersFailed', warn: true }],
);

const newsSpec = spec(
  NewsFetchSummary,
  [
    { name: 'requests', field: 'requests' },
    { name: 'headlines seen', field: 'headlinesSeen' },
    { name: 'new headlines', field: 'headlinesStored', title: 'A headline seen before is not stored twice' },
  ],
  [{ name: 'Tickers that failed', field: 'tickersFailed', warn: true }],
);

const coinGeckoSpec = spec(
  CoinGeckoFetchSummary,
  [{ name: 'requests', field: 'requests' }],
  [
    {
      name: 'Snapshots taken',
      field: 'snapshots',
      line: (s: CoinGeckoFetchSummary['snapshots'][number]) =>
        `${s.kind} #${s.id}: ${formatInt(s.items)} coins`,
    },
  ],
);

const specs: Partial<Record<JobKind, Spec>> = {
  'fetch-binance': binanceSpec,
  'fetch-binance-futures': binanceSpec,
  'fetch-polygon': polygonSpec,
  'fetch-yahoo': yahooSpec,
  'fetch-news': newsSpec,
  'fetch-coingecko': coinGeckoSpec,
};

/**
 * A fetch job's summary laid out for the summary box; null for a kind this renderer has no layout
 * for, or a summary of another shape (an older or newer core): the caller shows it raw instead.
 */
export function summaryView(kind: JobKind, summary: unknown): SummaryView | null {
  return specs[kind]?.(summary) ?? null;
}

/**
 * Whether the job's progress has a transfer to show (bytes downloaded, bars stored): the bar
 * fetches do; news and CoinGecko snapshots are a handful of small requests.
 */
export function showsTransfer(kind: JobKind): boolean {
  return kind !== 'fetch-news' && kind !== 'fetch-coingecko';
}
