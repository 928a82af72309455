import fs from 'node:fs';
import path from 'node:path';
import { ExportFeaturesParams, type ExportFeaturesSummary } from '../../shared/contract/index.js';
import { parseIsoDate } from '../calendar/civil-date.js';
import { JobCancelled, JobFailure, type JobContext } from '../jobs/job-context.js';
import { ProgressMeter } from '../jobs/progress-meter.js';
import { buildFeatures } from './cache/feature-cache.js';
import { featureSet } from './feature-sets/index.js';
import { findExportInstrument } from './export-instrument.js';
import { FeaturesCsvWriter } from './features-csv.js';
import { featureRegistry } from './registry/default-registry.js';
import { dbFeatureContext } from './registry/feature-context.js';

/**
 * The `export-features` job: one instrument's stored bars in [from, to] (UTC dates, inclusive)
 * with a feature set's columns, through the chunk cache, written as CSV. Progress per day chunk;
 * a cancel stops between days (days computed so far stay cached) and leaves no CSV behind.
 */
export async function runExportFeaturesJob(
  rawParams: unknown,
  ctx: JobContext,
): Promise<ExportFeaturesSummary & Record<string, unknown>> {
  const params = ExportFeaturesParams.parse(rawParams);
  const instrument = findExportInstrument(ctx.db, params.symbol, params.interval, params.market);
  let set;
  try {
    set = featureSet(params.featureSet, featureRegistry());
  } catch (err) {
    throw new JobFailure((err as Error).message, { cause: err });
  }
  const outDir = path.dirname(params.out);
  if (!fs.existsSync(outDir))
    throw new JobFailure(`Cannot write ${params.out}: the folder ${outDir} does not exist`);
  const csv = new FeaturesCsvWriter(params.out, set.columns);
  const summary: ExportFeaturesSummary = {
    path: params.out,
    rows: 0,
    columns: csv.header(),
    chunksCached: 0,
    chunksComputed: 0,
    featureSet: set.info,
  };
  const meter = new ProgressMeter('days', ctx.now);
  ctx.progress(meter.update(0, null, `${instrument.symbol} ${params.interval}: checking the feature cache`));
  let lastYield = ctx.now();
  try {
    const result = await buildFeatures({
      db: ctx.db,
      instrument,
      interval: params.interval,
      set,
      context: dbFeatureContext(
        ctx.db,
        instrument.id,
        instrument.market === 'stock' ? instrument.symbol : null,
      ),
      fromDay: params.from ? parseIsoDate(params.from) : undefined,
      toDay: params.to ? parseIsoDate(params.to) : undefined,
      now: ctx.now,
      isCancelled: () => ctx.isCancelled(),
      onDay: (day) => {
        csv.writeDay(day.bars, day.values);
      },
      onProgress: async (p) => {
        ctx.progress(meter.update(p.daysDone, p.daysTotal, `${p.barsDone} bars`));
        // Let a cancel arrive between days, without paying a host round trip for every day.
        if (ctx.now() - lastYield >= 100) {
          lastYield = ctx.now();
          await ctx.yieldToHost();
        }
      },
    });
    summary.rows = csv.rows;
    summary.chunksCached = result.chunksCached;
    summary.chunksComputed = result.chunksComputed;
    if (result.cancelled || ctx.isCancelled()) {
      csv.abandon();
      throw new JobCancelled({ ...summary, rows: 0 });
    }
    csv.finish();
    const range = params.from || params.to ? ` in ${params.from ?? 'start'}..${params.to ?? 'end'}` : '';
    ctx.progress(
      meter.update(
        result.chunksCached + result.chunksComputed,
        result.chunksCached + result.chunksComputed,
        csv.rows === 0 ? `no stored bars${range}` : `${csv.rows} rows written`,
      ),
    );
    return summary;
  } catch (err) {
    if (!(err instanceof JobCancelled)) csv.abandon();
    throw err;
  }
}
