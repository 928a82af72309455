import type { BinanceMarket } from '../file-name.js';

/** What a Data Vision archive holds. */
export type ArchiveKind = 'klines' | 'fundingRate' | 'metrics';
export type ArchivePeriod = 'monthly' | 'daily';

function marketFolder(market: BinanceMarket): string {
  return market === 'spot' ? 'spot' : 'futures/um';
}

/** The bucket folder (S3 prefix, ending in "/") holding one symbol's archives of a kind. */
export function archivePrefix(
  market: BinanceMarket,
  period: ArchivePeriod,
  kind: ArchiveKind,
  symbol: string,
  interval?: string,
): string {
  const base = `data/${marketFolder(market)}/${period}/${kind}/${symbol}/`;
  return kind === 'klines' ? `${base}${interval}/` : base;
}

/**
 * The date an archive key covers ("YYYY-MM" or "YYYY-MM-DD"), or null when the key is not one of
 * this symbol's archives of that kind (CHECKSUM files, other symbols, stray objects).
 */
export function archiveDate(
  key: string,
  symbol: string,
  kind: ArchiveKind,
  period: ArchivePeriod,
  interval?: string,
): string | null {
  const name = key.slice(key.lastIndexOf('/') + 1);
  const middle = kind === 'klines' ? interval : kind;
  const datePattern = period === 'monthly' ? '(\\d{4}-\\d{2})' : '(\\d{4}-\\d{2}-\\d{2})';
  const match = new RegExp(`^${symbol}-${middle}-${datePattern}\\.zip$`).exec(name);
  return match ? match[1] : null;
}

/** Where a verified copy of a bucket key is kept inside the data dir (mirrors the bucket layout). */
export function rawCacheRelativePath(key: string): string {
  if (key.includes('..') || key.startsWith('/') || !key.startsWith('data/')) {
    throw new Error(`refusing bucket key "${key}": not a plain data/… path`);
  }
  return `raw/binance-vision/${key}`;
}
