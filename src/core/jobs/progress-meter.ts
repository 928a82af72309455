import type { JobProgress } from '../../shared/contract/index.js';

/**
 * Turns "done of total" updates into a JobProgress with a rate and an ETA. The rate is measured
 * over a sliding window of recent samples so it follows speed changes without jumping per item.
 */
export class ProgressMeter {
  private readonly samples: { t: number; done: number }[] = [];

  constructor(
    private readonly unit: string,
    private readonly now: () => number = Date.now,
    private readonly windowMs = 10_000,
  ) {}

  update(done: number, total: number | null, message?: string): JobProgress {
    const t = this.now();
    this.samples.push({ t, done });
    while (this.samples.length > 2 && t - this.samples[0].t > this.windowMs) this.samples.shift();
    const first = this.samples[0];
    const elapsed = (t - first.t) / 1000;
    const rate = elapsed > 0 && this.samples.length > 1 ? Math.max(0, (done - first.done) / elapsed) : null;
    const etaSeconds =
      rate && total !== null
        ? Math.max(0, (total - done) / rate)
        : total !== null && done >= total
          ? 0
          : null;
    return { done, total, unit: this.unit, rate, etaSeconds, ...(message === undefined ? {} : { message }) };
  }
}
