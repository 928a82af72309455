import { QualityQuery } from '../../shared/contract/index.js';
import { JobCancelled, type JobContext } from '../jobs/job-context.js';
import { ProgressMeter } from '../jobs/progress-meter.js';
import { QualityRun } from './compute-and-store.js';

/** What a finished (or cancelled) `compute-quality` job reports. */
export interface QualityJobSummary extends Record<string, unknown> {
  /** Reports computed and stored. */
  series: number;
  trainable: number;
  gaps: number;
  missingBars: number;
  /** Gaps that the venue's other instruments share. */
  outages: number;
}

/**
 * The `compute-quality` job: computes and stores the quality reports that `params` (a QualityQuery)
 * asks for, one series at a time, and can be cancelled between series. Reports of a venue group
 * finished before a cancel stay stored.
 */
export async function runComputeQualityJob(params: unknown, ctx: JobContext): Promise<QualityJobSummary> {
  const query = QualityQuery.parse(params ?? {});
  const run = new QualityRun(ctx.db, query, ctx.now());
  const meter = new ProgressMeter('series', ctx.now);
  ctx.progress(meter.update(0, null, 'listing stored series'));
  const steps = run.steps();
  for (;;) {
    await ctx.yieldToHost();
    if (ctx.isCancelled()) throw new JobCancelled(summarize(run));
    const step = steps.next();
    if (step.done) break;
    ctx.progress(meter.update(step.value.done, step.value.total, step.value.label));
  }
  if (run.reports.length === 0) ctx.progress(meter.update(0, 0, describeNothingFound(query)));
  return summarize(run);
}

function summarize(run: QualityRun): QualityJobSummary {
  const summary: QualityJobSummary = {
    series: 0,
    trainable: 0,
    gaps: 0,
    missingBars: 0,
    outages: run.outageGaps,
  };
  for (const report of run.reports) {
    summary.series++;
    if (report.trainable) summary.trainable++;
    summary.gaps += report.gapCount;
    summary.missingBars += report.missingBars;
  }
  return summary;
}

function describeNothingFound(query: QualityQuery): string {
  const filter = [query.symbol, query.interval].filter((part) => part !== undefined).join(' ');
  return filter ? `no stored bars of ${filter}` : 'no stored bars';
}
