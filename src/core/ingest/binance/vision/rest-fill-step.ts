import type { FetchSummary } from '../../../../shared/contract/index.js';
import type { JobContext } from '../../../jobs/job-context.js';
import { JobCancelled } from '../../../jobs/job-context.js';
import type { ResolvedBinanceEndpoints } from '../../../settings/binance-endpoints.js';
import { createBinanceRest } from '../rest/binance-client.js';
import { fillKlinesFromRest } from '../rest/klines-fill.js';
import type { TransferProgress } from '../../../jobs/transfer-progress.js';

/**
 * After the archives: each live symbol is filled over REST from its last stored bar up to `toMs`.
 * A REST failure for one symbol is recorded on the job and the others go on: the archived bars
 * are stored already, and a re-run fills from wherever this one stopped.
 */
export async function fillKlinesAfterArchives(
  ctx: JobContext,
  summary: FetchSummary,
  progress: TransferProgress,
  request: {
    symbols: string[];
    market: 'spot' | 'um';
    interval: string;
    fromMs: number;
    toMs: number;
    endpoints: ResolvedBinanceEndpoints;
  },
): Promise<void> {
  const client = createBinanceRest({
    restUrl: request.endpoints.restUrl,
    restFuturesUrl: request.endpoints.restFuturesUrl,
    signal: ctx.signal,
    onWait: (info) => progress.message(`REST: waiting ${Math.ceil(info.delayMs / 1000)} s (${info.reason})`),
  });
  for (const symbol of request.symbols) {
    if (ctx.isCancelled()) throw new JobCancelled(summary);
    progress.message(
      `REST: filling ${symbol} ${request.interval} up to ${new Date(request.toMs).toISOString()}`,
    );
    try {
      const result = await fillKlinesFromRest(ctx.db, client, {
        symbol,
        market: request.market,
        interval: request.interval,
        fromMs: request.fromMs,
        toMs: request.toMs,
        now: ctx.now(),
        isCancelled: ctx.isCancelled,
        onPage: (page) =>
          progress.addBars(page.bars, `REST: ${symbol} up to ${new Date(page.lastTime).toISOString()}`),
      });
      summary.restRows += result.bars;
      if (result.bars) ctx.coverageChanged();
    } catch (err) {
      if (ctx.signal.aborted) throw new JobCancelled(summary);
      ctx.issue({
        subject: `${symbol} (REST)`,
        message: `could not fill after the archives: ${(err as Error).message}`,
      });
    }
  }
}
