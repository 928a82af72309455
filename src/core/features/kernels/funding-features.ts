import { alignPointInTime, PointInTimeStream, type TimedSeries } from './align-point-in-time.js';

/**
 * Funding-rate features of a perpetual, point-in-time (see align-point-in-time.ts): the rate of the
 * last funding event stamped at or before the bar's close. Binance stamps a funding record at its
 * settlement time (00:00, 08:00, 16:00 UTC on 8-hour symbols, sometimes a few ms late: a record at
 * 08:00:00.003 is not known to the 1h bar closing at 08:00:00.000, only to the next one).
 */

export interface FundingSeriesInput {
  time: Float64Array;
  rate: Float64Array;
}

/**
 * Funding is settled every 8 h at most (4 h, 1 h on some symbols): a last rate older than 24 h
 * means the archive has a hole, and the feature is NaN rather than a rate frozen days ago.
 */
export const FUNDING_MAX_AGE_MS = 24 * 3_600_000;

function asTimed(funding: FundingSeriesInput): TimedSeries {
  return { time: funding.time, value: funding.rate };
}

/** The last funding rate known at each bar's close, NaN where none is (or it is older than maxAgeMs). */
export function fundingRateAtBars(
  barTimes: Float64Array,
  funding: FundingSeriesInput,
  intervalMs: number,
  maxAgeMs = FUNDING_MAX_AGE_MS,
  out?: Float64Array,
): Float64Array {
  return alignPointInTime(barTimes, asTimed(funding), { intervalMs, maxAgeMs }, out);
}

/** Bar by bar: `update(barTime, funding)` returns what `fundingRateAtBars` gives. Stateless. */
export class FundingRateStream {
  private readonly align: PointInTimeStream;
  private timed: TimedSeries | null = null;

  constructor(
    readonly intervalMs: number,
    readonly maxAgeMs = FUNDING_MAX_AGE_MS,
  ) {
    this.align = new PointInTimeStream({ intervalMs, maxAgeMs });
  }

  update(barTime: number, funding: FundingSeriesInput): number {
    // One wrapper per funding series, not per bar.
    if (!this.timed || this.timed.time !== funding.time || this.timed.value !== funding.rate) {
      this.timed = asTimed(funding);
    }
    return this.align.update(barTime, this.timed);
  }

  snapshot(): Float64Array {
    return this.align.snapshot();
  }

  static restore(intervalMs: number, maxAgeMs: number, state: Float64Array): FundingRateStream {
    PointInTimeStream.restore({ intervalMs, maxAgeMs }, state);
    return new FundingRateStream(intervalMs, maxAgeMs);
  }
}
