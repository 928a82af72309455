import type { JobContext } from '../../../jobs/job-context.js';
import { computeAndStoreQuality } from '../../../quality/compute-and-store.js';

/** Recomputes the quality reports of the series a fetch touched, so the Data page shows them at once. */
export function refreshQuality(ctx: JobContext, symbols: string[], interval: string): void {
  for (const symbol of symbols) computeAndStoreQuality(ctx.db, { symbol, interval }, ctx.now());
}
