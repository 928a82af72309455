import type { BinanceMarket } from '../file-name.js';
import { archiveDate, archivePrefix, type ArchiveKind } from './archive-keys.js';
import { listVision, type RetryOptions } from './listing.js';
import type { VisionObjectLike } from './vision-object.js';

export interface DiscoverOptions {
  listUrl: string;
  signal: AbortSignal;
  onRetry: (info: { url: string; attempt: number; reason: string; delayMs: number }) => void;
  retry?: RetryOptions;
  stallTimeoutMs?: number;
}

/**
 * What the bucket publishes for one series, by date: monthly and daily archives read from the
 * S3 listing (never guessed from a calendar, so missing months are known before any download).
 */
export async function discoverArchives(
  market: BinanceMarket,
  kind: ArchiveKind,
  symbol: string,
  interval: string | undefined,
  periods: readonly ('monthly' | 'daily')[],
  options: DiscoverOptions,
): Promise<{ monthly: Map<string, VisionObjectLike>; daily: Map<string, VisionObjectLike> }> {
  const result = { monthly: new Map<string, VisionObjectLike>(), daily: new Map<string, VisionObjectLike>() };
  for (const period of periods) {
    const prefix = archivePrefix(market, period, kind, symbol, interval);
    const listing = await listVision(options.listUrl, prefix, {
      signal: options.signal,
      onRetry: options.onRetry,
    });
    for (const object of listing.objects) {
      const date = archiveDate(object.key, symbol, kind, period, interval);
      if (date) result[period].set(date, object);
    }
  }
  return result;
}
