import type { TimedSeries } from '../kernels/align-point-in-time.js';
import { FUNDING_MAX_AGE_MS, fundingRateAtBars, FundingRateStream } from '../kernels/funding-features.js';
import { checkStateLength } from '../kernels/internal/ta-params.js';
import { marketOpenFlag, MarketOpenStream } from '../kernels/market-open.js';
import {
  OPEN_INTEREST_MAX_AGE_MS,
  openInterestChange,
  OpenInterestChangeStream,
  type OpenInterestChangeParams,
} from '../kernels/open-interest-features.js';
import { NEWS_WINDOW, type OpenInterestSeries } from '../registry/feature-context.js';
import type { FeatureDefinition, FeatureStream, FeatureStreamInput } from '../registry/feature-definition.js';

/**
 * Context features: what is known about an instrument beside its bars, aligned point-in-time to
 * each bar's CLOSE (open + interval), the moment a decision on that bar is made.
 * - funding_rate: last funding rate stamped at or before the close (perpetuals).
 * - oi_change_24: percent change of the last known open interest over 24 bars (perpetuals).
 * - news_sentiment: recency-weighted headline sentiment strictly before the close (stocks).
 * - is_market_open: 1 when the bar overlaps a regular NYSE session; crypto trades always (1).
 *
 * Placing a bar's close needs the bar length, which the bars themselves do not carry: these
 * features read `intervalMs` (bar length in ms) from the feature input and refuse to guess it (a
 * guess from the spacing of the bars is too long after a gap, and would read the future).
 */

const HOUR_MS = 3_600_000;

/** Bar length in ms given with the input (`FeatureInput.intervalMs`); refuses a missing one. */
export function barIntervalMs(feature: string, input: FeatureStreamInput): number {
  const ms = input.intervalMs;
  if (ms !== undefined && ms > 0 && Number.isFinite(ms)) return ms;
  throw new Error(
    `Feature "${feature}" needs the bar interval to place each bar's close: give intervalMs (bar length ` +
      `in ms) with the feature input (got ${String(ms)})`,
  );
}

/** A stream whose value depends only on the bar and the context (its state is empty). */
function statelessStream(feature: string, value: (barTime: number) => number): FeatureStream {
  return {
    update: (bars, i) => [value(bars.time[i])],
    snapshot: () => new Float64Array(0),
    restore: (state) => checkStateLength(`${feature} stream restore`, state, 0),
  };
}

const fundingRate: FeatureDefinition = {
  name: 'funding_rate',
  definition:
    'Funding rate of the last funding event stamped at or before the bar close (open + interval); ' +
    'NaN when there is none within 24 h',
  inputs: ['funding'],
  markets: ['crypto-perp'],
  warmup: 0,
  kernelVersion: 1,
  params: { maxAgeHours: FUNDING_MAX_AGE_MS / HOUR_MS },
  compute(input) {
    const intervalMs = barIntervalMs('funding_rate', input);
    return [fundingRateAtBars(input.bars.time, input.context.fundingRates(), intervalMs, FUNDING_MAX_AGE_MS)];
  },
  stream(input) {
    const kernel = new FundingRateStream(barIntervalMs('funding_rate', input), FUNDING_MAX_AGE_MS);
    return statelessStream('funding_rate', (t) => kernel.update(t, input.context.fundingRates()));
  },
};

const OI_CHANGE_BARS = 24;
const OI_CHANGE_NAME = `oi_change_${OI_CHANGE_BARS}`;
/** Data Vision's metrics archives: open interest every 5 minutes. */
const OI_PERIOD = '5m';

function openInterestTimed(series: OpenInterestSeries): TimedSeries {
  return { time: series.time, value: series.openInterest };
}

const oiChange: FeatureDefinition = {
  name: OI_CHANGE_NAME,
  definition:
    `Percent change of open interest (contracts, ${OI_PERIOD} metrics) over ${OI_CHANGE_BARS} bars, each end ` +
    'the value last stamped at or before its bar close; NaN when either end has no value within 1 h',
  inputs: ['openInterest'],
  markets: ['crypto-perp'],
  warmup: OI_CHANGE_BARS,
  kernelVersion: 1,
  params: { bars: OI_CHANGE_BARS, period: OI_PERIOD, maxAgeHours: OPEN_INTEREST_MAX_AGE_MS / HOUR_MS },
  compute(input) {
    const params: OpenInterestChangeParams = {
      bars: OI_CHANGE_BARS,
      intervalMs: barIntervalMs(OI_CHANGE_NAME, input),
      maxAgeMs: OPEN_INTEREST_MAX_AGE_MS,
    };
    const series = openInterestTimed(input.context.openInterest(OI_PERIOD));
    return [openInterestChange(input.bars.time, series, params)];
  },
  stream(input) {
    const params: OpenInterestChangeParams = {
      bars: OI_CHANGE_BARS,
      intervalMs: barIntervalMs(OI_CHANGE_NAME, input),
      maxAgeMs: OPEN_INTEREST_MAX_AGE_MS,
    };
    let kernel = new OpenInterestChangeStream(params);
    let source: OpenInterestSeries | null = null;
    let timed: TimedSeries | null = null;
    return {
      update(bars, i) {
        const series = input.context.openInterest(OI_PERIOD);
        if (series !== source || !timed) {
          source = series;
          timed = openInterestTimed(series);
        }
        return [kernel.update(bars.time[i], timed)];
      },
      snapshot: () => kernel.snapshot(),
      restore(state) {
        kernel = OpenInterestChangeStream.restore(params, state);
      },
    };
  },
};

const newsSentiment: FeatureDefinition = {
  name: 'news_sentiment',
  definition:
    'Recency-weighted mean sentiment of the headlines published strictly before the bar close, in the ' +
    `last ${NEWS_WINDOW.lookbackMs / HOUR_MS} h, half-life ${NEWS_WINDOW.halfLifeMs / HOUR_MS} h; NaN when none`,
  inputs: ['news'],
  markets: ['stock'],
  warmup: 0,
  kernelVersion: 1,
  params: {
    at: 'close',
    lookbackHours: NEWS_WINDOW.lookbackMs / HOUR_MS,
    halfLifeHours: NEWS_WINDOW.halfLifeMs / HOUR_MS,
  },
  compute(input) {
    const intervalMs = barIntervalMs('news_sentiment', input);
    const closes = new Float64Array(input.bars.time.length);
    for (let i = 0; i < closes.length; i++) closes[i] = input.bars.time[i] + intervalMs;
    return [input.context.newsSentiment(closes)];
  },
  stream(input) {
    const intervalMs = barIntervalMs('news_sentiment', input);
    const close = new Float64Array(1);
    return statelessStream('news_sentiment', (t) => {
      close[0] = t + intervalMs;
      return input.context.newsSentiment(close)[0];
    });
  },
};

const isMarketOpen: FeatureDefinition = {
  name: 'is_market_open',
  definition:
    'Stocks: 1 when the bar overlaps a regular NYSE session (09:30–16:00 New York, 13:00 on early ' +
    'closes), else 0. Crypto: always 1',
  inputs: ['calendar'],
  markets: ['stock', 'crypto-spot', 'crypto-perp'],
  warmup: 0,
  kernelVersion: 1,
  params: { session: 'NYSE regular' },
  compute(input) {
    if (input.market !== 'stock') return [new Float64Array(input.bars.time.length).fill(1)];
    const intervalMs = barIntervalMs('is_market_open', input);
    return [marketOpenFlag(input.bars.time, intervalMs, (day) => input.context.sessionOnDay(day))];
  },
  stream(input) {
    if (input.market !== 'stock') return statelessStream('is_market_open', () => 1);
    const kernel = new MarketOpenStream(barIntervalMs('is_market_open', input), (day) =>
      input.context.sessionOnDay(day),
    );
    return statelessStream('is_market_open', (t) => kernel.update(t));
  },
};

/** funding_rate, oi_change_24, news_sentiment, is_market_open. */
export const contextDefinitions: FeatureDefinition[] = [fundingRate, oiChange, newsSentiment, isMarketOpen];
