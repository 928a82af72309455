import type { FetchSummary, TransferTuning } from '../../../../shared/contract/index.js';
import { JobCancelled, type JobContext } from '../../../jobs/job-context.js';
import type { BinanceMarket } from '../file-name.js';
import type { ArchiveKind } from './archive-keys.js';
import { discoverArchives } from './discover-archives.js';
import { planArchives, type ArchivePlan } from './plan-archives.js';
import { transferOptions } from './transfer-options.js';

export interface ListAndPlanRequest {
  market: BinanceMarket;
  kind: ArchiveKind;
  symbol: string;
  interval?: string;
  periods: readonly ('monthly' | 'daily')[];
  /** How the job names this series in its issues, e.g. "BTCUSDT" or "BTCUSDT fundingRate". */
  subject: string;
  from: string;
  to: string;
  today: string;
  listUrl: string;
  transfer: TransferTuning | undefined;
  onRetry: (info: { url: string; attempt: number; reason: string; delayMs: number }) => void;
}

/**
 * Lists one series' archives and plans which to fetch. A listing that fails (after its retries)
 * becomes an issue on the job and null, so the other series go on; a cancel ends the job.
 */
export async function listAndPlan(
  ctx: JobContext,
  summary: FetchSummary,
  request: ListAndPlanRequest,
): Promise<ArchivePlan | null> {
  let found;
  try {
    found = await discoverArchives(
      request.market,
      request.kind,
      request.symbol,
      request.interval,
      request.periods,
      {
        listUrl: request.listUrl,
        signal: ctx.signal,
        onRetry: request.onRetry,
        ...transferOptions(request.transfer),
      },
    );
  } catch (err) {
    if (ctx.signal.aborted) throw new JobCancelled(summary);
    ctx.issue({
      subject: request.subject,
      message: `could not list its archives: ${(err as Error).message}`,
    });
    return null;
  }
  return planArchives({
    from: request.from,
    to: request.to,
    today: request.today,
    monthly: found.monthly,
    daily: found.daily,
    dailyAllowed: request.periods.includes('daily'),
  });
}
