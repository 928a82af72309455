import { describe, expect, test } from 'vitest';
import { sessionOnDay } from '../../src/core/calendar/nyse-calendar.js';
import { contextDefinitions } from '../../src/core/features/definitions/context.js';
import { fundingRateAtBars } from '../../src/core/features/kernels/funding-features.js';
import { marketOpenFlag } from '../../src/core/features/kernels/market-open.js';
import type { FeatureDefinition, FeatureInput } from '../../src/core/features/registry/feature-definition.js';
import { FeatureRegistry } from '../../src/core/features/registry/feature-registry.js';
import {
  describeLeak,
  describeStreamingMismatch,
  findLeakage,
  findStreamingMismatch,
} from '../../src/core/features/registry/leakage-guard.js';
import { aaplNewsProbe, btcPerpetualProbe, type FeatureProbe } from '../helpers/feature-probes.js';
import { loadStockMinutes } from '../helpers/real-series.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;

const perpetual = btcPerpetualProbe();
const news = aaplNewsProbe();
const spy: FeatureProbe = {
  label: 'SPY minutes with extended hours',
  input: { ...news.input, bars: loadStockMinutes('spy'), symbol: 'SPY' },
};
const probes = [perpetual, news, spy];

const def = (name: string): FeatureDefinition => contextDefinitions.find((d) => d.name === name)!;
const nonNaN = (values: Float64Array) => values.filter((v) => !Number.isNaN(v)).length;

test('funding_rate, oi_change_24, news_sentiment, is_market_open register, leakage guard run on real probes', () => {
  const registry = new FeatureRegistry();
  for (const d of contextDefinitions) registry.register(d, { probes: probes.map((p) => p.input) });
  expect(registry.columns()).toEqual(['funding_rate', 'oi_change_24', 'news_sentiment', 'is_market_open']);
});

describe.each(contextDefinitions)('$name', (d) => {
  test.each(probes)('no leak and stream = batch on $label', (probe) => {
    const leak = findLeakage(d, probe.input);
    expect(leak && describeLeak(leak)).toBeNull();
    for (const restoreAt of [0, 1, Math.floor(probe.input.bars.time.length / 2)]) {
      const mismatch = findStreamingMismatch(d, probe.input, restoreAt);
      expect(mismatch && describeStreamingMismatch(mismatch)).toBeNull();
    }
  });

  test('refuses to guess the bar interval', () => {
    const { intervalMs: _dropped, ...withoutInterval } = perpetual.input;
    const input: FeatureInput = { ...withoutInterval, market: 'stock' };
    expect(() => d.compute(input)).toThrow(/needs the bar interval/);
    expect(() => d.stream(input)).toThrow(/needs the bar interval/);
  });
});

test('funding_rate and oi_change_24: no leak when the series is cut at the bar closing just before a record', () => {
  // The guard's default cuts rarely fall right before a funding or OI record; these all do, so a
  // feature reading even one bar ahead differs at the cut.
  const { bars, context } = perpetual.input;
  for (const [name, times] of [
    ['funding_rate', context.fundingRates().time],
    ['oi_change_24', context.openInterest('5m').time],
  ] as const) {
    const cuts: number[] = [];
    for (const t of times) {
      const cut = bars.time.findIndex((open) => open + HOUR >= t - HOUR && open + HOUR < t);
      if (cut >= 0 && cut < bars.time.length - 1) cuts.push(cut);
    }
    expect(cuts.length, name).toBeGreaterThan(100);
    const leak = findLeakage(def(name), perpetual.input, cuts.slice(0, 60));
    expect(leak && describeLeak(leak)).toBeNull();
  }
});

test('funding_rate is the last funding rate known at each bar close', () => {
  const { bars, context } = perpetual.input;
  const [values] = def('funding_rate').compute(perpetual.input);
  expect(values).toEqual(fundingRateAtBars(bars.time, context.fundingRates(), HOUR));
  expect(nonNaN(values)).toBeGreaterThan(1000);
});

test('oi_change_24 finds values where open interest is stamped near the closes', () => {
  const [values] = def('oi_change_24').compute(perpetual.input);
  expect(nonNaN(values)).toBeGreaterThan(50);
  expect(values.slice(0, 24).every(Number.isNaN)).toBe(true);
});

test('news_sentiment asks the context at the bar CLOSE times and finds real headlines', () => {
  const asked: Float64Array[] = [];
  const context = news.input.context;
  const input = {
    ...news.input,
    context: {
      ...context,
      newsSentiment: (times: Float64Array) => (asked.push(times.slice()), context.newsSentiment(times)),
    },
  };
  const [values] = def('news_sentiment').compute(input);
  const closes = news.input.bars.time.map((t) => t + MINUTE);
  expect(asked).toEqual([closes]);
  expect(values).toEqual(context.newsSentiment(closes));
  expect(nonNaN(values)).toBeGreaterThan(100);
});

test('is_market_open: the session flag for stocks, 1 for crypto (without needing the interval)', () => {
  const [stock] = def('is_market_open').compute(spy.input);
  expect(stock).toEqual(marketOpenFlag(spy.input.bars.time, MINUTE, sessionOnDay));
  expect(stock.includes(0) && stock.includes(1)).toBe(true);
  const { intervalMs: _dropped, ...crypto } = perpetual.input;
  expect(Array.from(def('is_market_open').compute(crypto)[0]).every((v) => v === 1)).toBe(true);
  expect(def('is_market_open').stream(crypto).update(crypto.bars, 0)).toEqual([1]);
});
