import type { JobContext } from '../jobs/job-context.js';
import { computeAndStoreQuality } from './compute-and-store.js';

/**
 * Recomputes the quality reports at the interval a fetch touched, so the Data page shows them at
 * once. One pass over every series of that interval: outages are judged across symbols anyway, so
 * a per-symbol call would read the other series again for each symbol.
 */
export function refreshQuality(ctx: JobContext, interval: string): void {
  computeAndStoreQuality(ctx.db, { interval }, ctx.now(), (done, total, label) =>
    ctx.progress({ done, total, unit: 'series', rate: null, etaSeconds: null, message: `quality: ${label}` }),
  );
}
