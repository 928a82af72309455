import { UniverseParams } from '../../shared/contract/index.js';
import { createBinanceRest } from '../ingest/binance/rest/binance-client.js';
import { JobCancelled, type JobContext } from '../jobs/job-context.js';
import { ProgressMeter } from '../jobs/progress-meter.js';
import { resolveBinanceEndpoints } from '../settings/binance-endpoints.js';
import { saveUniverseSnapshot } from '../store/universe-repo.js';
import { selectUniverse } from './select-universe.js';

export interface RefreshUniverseSummary extends Record<string, unknown> {
  snapshotId: number;
  /** USDT-quoted USD-M perpetuals trading at the time, before the volume rule. */
  candidates: number;
  selected: number;
  /** ISO time the snapshot is stamped with. */
  takenAt: string;
}

const STEPS = 3;

/**
 * The `refresh-universe` job: reads the USD-M contract list and 24h tickers, applies the volume
 * rule and stores the result as a new point-in-time snapshot. Earlier snapshots stay as they are.
 */
export async function runRefreshUniverseJob(
  rawParams: unknown,
  ctx: JobContext,
): Promise<RefreshUniverseSummary> {
  const params = UniverseParams.parse(rawParams);
  const endpoints = resolveBinanceEndpoints(ctx.db, process.env, params.endpoints);
  const meter = new ProgressMeter('steps', ctx.now);
  let done = 0;
  let step = '';
  const report = (message: string) => ctx.progress(meter.update(done, STEPS, message));
  const client = createBinanceRest({
    restUrl: endpoints.restUrl,
    restFuturesUrl: endpoints.restFuturesUrl,
    signal: ctx.signal,
    onWait: (wait) => report(`${step}: waiting ${Math.ceil(wait.delayMs / 1000)} s: ${wait.reason}`),
  });
  const stopIfCancelled = () => {
    if (ctx.isCancelled()) throw new JobCancelled({ stepsDone: done });
  };

  try {
    step = 'reading the USD-M contract list';
    report(step);
    const contracts = await client.perpetuals();
    done++;
    stopIfCancelled();

    step = 'reading 24h tickers';
    report(step);
    const tickers = await client.tickers24h();
    // Stamped when the volumes were read: they are the 24 hours up to this moment.
    const takenAt = ctx.now();
    done++;
    stopIfCancelled();

    step = 'selecting by 24h quote volume';
    report(step);
    const selection = selectUniverse(tickers, contracts, params);
    const snapshotId = saveUniverseSnapshot(ctx.db, {
      takenAt,
      fetchN: params.fetchN,
      selectN: params.selectN,
      minQuoteVolume: params.minQuoteVolume,
      candidates: selection.candidates,
      members: selection.members,
    });
    done++;
    if (selection.members.length === 0) {
      ctx.issue({
        subject: 'universe',
        message: `none of the ${selection.candidates} USDT perpetuals traded at least ${params.minQuoteVolume} USDT in 24h; the snapshot is empty`,
      });
    }
    report(`selected ${selection.members.length} of ${selection.candidates} perpetuals`);
    return {
      snapshotId,
      candidates: selection.candidates,
      selected: selection.members.length,
      takenAt: new Date(takenAt).toISOString(),
    };
  } catch (err) {
    if (ctx.isCancelled() && !(err instanceof JobCancelled)) throw new JobCancelled({ stepsDone: done });
    throw err;
  }
}
