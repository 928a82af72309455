import type { FeatureContext, FundingSeries, OpenInterestSeries } from './feature-context.js';

/**
 * The context as it stood at `cutoffMs`: funding and open interest rows stamped after it are
 * gone, and news asked for a time after it is NaN. The leakage guard computes a truncated series
 * with it, so a feature that reads funding, OI or news from after its bar's close differs from
 * its full-series value and is caught, just as one that reads a later bar is.
 */
export function truncatedContext(context: FeatureContext, cutoffMs: number): FeatureContext {
  let funding: FundingSeries | undefined;
  const oi = new Map<string, OpenInterestSeries>();
  return {
    fundingRates() {
      if (!funding) {
        const full = context.fundingRates();
        const n = countUpTo(full.time, cutoffMs);
        funding = { time: full.time.slice(0, n), rate: full.rate.slice(0, n) };
      }
      return funding;
    },
    openInterest(period = '5m') {
      let series = oi.get(period);
      if (!series) {
        const full = context.openInterest(period);
        const n = countUpTo(full.time, cutoffMs);
        series = {
          time: full.time.slice(0, n),
          openInterest: full.openInterest.slice(0, n),
          openInterestValue: full.openInterestValue.slice(0, n),
        };
        oi.set(period, series);
      }
      return series;
    },
    newsSentiment(times) {
      const out = context.newsSentiment(times);
      for (let i = 0; i < times.length; i++) if (!(times[i] <= cutoffMs)) out[i] = Number.NaN;
      return out;
    },
    isMarketOpen: (t) => context.isMarketOpen(t),
    sessionOnDay: (day) => context.sessionOnDay(day),
  };
}

/** Rows of a time-sorted series stamped at or before `cutoffMs`. */
function countUpTo(time: Float64Array, cutoffMs: number): number {
  let n = 0;
  while (n < time.length && time[n] <= cutoffMs) n++;
  return n;
}
