import { describe, expect, it } from 'vitest';
import { featureRegistry } from '../../src/core/features/registry/default-registry.js';
import type { FeatureDefinition } from '../../src/core/features/registry/feature-definition.js';
import { FeatureRegistry } from '../../src/core/features/registry/feature-registry.js';
import {
  describeLeak,
  describeStreamingMismatch,
  findLeakage,
  findStreamingMismatch,
  contextCuts,
  leakageCuts,
} from '../../src/core/features/registry/leakage-guard.js';
import { EXPORT_SET, FEATURE_SETS } from '../../src/core/features/feature-sets/index.js';
import { featureProbes, type FeatureProbe } from '../helpers/feature-probes.js';

/**
 * The leakage guard over EVERY registered feature (the registry is read here, so a new feature is
 * covered without touching this file): on each real probe series of a market the feature applies
 * to, values at or before a cut t are identical (Object.is) on the full series and on the series
 * truncated after t (bars, and funding / OI / news after t's close); and its stream, from the first
 * bar and after a snapshot → restore, equals the batch computation on every bar.
 */

const registry = featureRegistry();
const features = registry.all();
const probes = featureProbes();

function appliesTo(def: FeatureDefinition, probe: FeatureProbe): boolean {
  return def.markets.includes(probe.input.market);
}

describe('leakage guard coverage', () => {
  it('runs over the registry, which holds every column of every feature set', () => {
    expect(features.length).toBeGreaterThan(0);
    for (const set of FEATURE_SETS)
      for (const column of set.columns)
        expect(registry.byColumn(column), `${set.name}: ${column}`).toBeDefined();
    expect(EXPORT_SET.columns.length).toBeGreaterThanOrEqual(26);
  });

  it.each(features.map((f) => [f.def.name, f] as const))(
    '%s gets real values on some probe (the checks are not vacuous)',
    (_name, feature) => {
      const finite = probes
        .filter((p) => appliesTo(feature.def, p))
        .map((p) => feature.def.compute(p.input).map((col) => col.filter(Number.isFinite).length));
      expect(finite.length, 'no probe of its markets').toBeGreaterThan(0);
      // every output column has a finite value on at least one probe
      feature.columns.forEach((column, k) =>
        expect(Math.max(...finite.map((f) => f[k])), column).toBeGreaterThan(0),
      );
    },
  );
});

describe.each(probes.map((p) => [p.label, p] as const))('on %s', (_label, probe) => {
  const applicable = features.filter((f) => appliesTo(f.def, probe));
  const n = probe.input.bars.time.length;

  it.each(applicable.map((f) => [f.def.name, f] as const))(
    '%s: no value changes when the future is cut off',
    (_n, f) => {
      const cuts = [
        ...new Set([
          ...leakageCuts(n, f.def.warmup),
          ...[0.1, 0.4, 0.6, 0.9].map((q) => Math.floor(n * q)),
          // Just before funding / open-interest records arrive, where a one-bar-early read shows.
          ...contextCuts(f.def, probe.input, probe.input.intervalMs!),
        ]),
      ].filter((t) => t < n - 1);
      const leak = findLeakage(
        f.def,
        probe.input,
        cuts.sort((a, b) => a - b),
      );
      expect(leak && describeLeak(leak)).toBeNull();
    },
  );

  it.each(applicable.map((f) => [f.def.name, f] as const))(
    '%s: streaming equals batch, also after restore',
    (_n, f) => {
      for (const restoreAt of [Math.max(1, f.def.warmup - 1), Math.floor(n / 2) + 7]) {
        const mismatch = findStreamingMismatch(f.def, probe.input, restoreAt);
        expect(mismatch && describeStreamingMismatch(mismatch)).toBeNull();
      }
    },
  );
});

describe('the guard catches leaks', () => {
  const [spot, perpetual] = probes;
  const base: Omit<FeatureDefinition, 'compute' | 'stream' | 'name'> = {
    definition: 'deliberately leaky test feature',
    inputs: ['bars'],
    markets: ['crypto-spot', 'crypto-perp'],
    warmup: 0,
    kernelVersion: 1,
    params: {},
  };
  const nextBarReturn: FeatureDefinition = {
    ...base,
    name: 'next_bar_return',
    // Reads bar i + 1: the classic label-as-feature leak.
    compute: ({ bars }) => {
      const out = new Float64Array(bars.close.length).fill(Number.NaN);
      for (let i = 0; i + 1 < out.length; i++) out[i] = Math.log(bars.close[i + 1] / bars.close[i]);
      return [out];
    },
    stream: () => ({ update: () => [Number.NaN], snapshot: () => new Float64Array(0), restore: () => {} }),
  };
  const seriesMaxNormalised: FeatureDefinition = {
    ...base,
    name: 'close_over_series_max',
    // Scales by a whole-series statistic: every bar sees the future's maximum.
    compute: ({ bars }) => {
      let max = -Infinity;
      for (const c of bars.close) max = Math.max(max, c);
      return [bars.close.map((c) => c / max)];
    },
    stream: () => ({ update: () => [Number.NaN], snapshot: () => new Float64Array(0), restore: () => {} }),
  };
  const fundingAhead: FeatureDefinition = {
    ...base,
    name: 'funding_ahead',
    inputs: ['funding'],
    // Takes the first funding rate stamped after the bar close: leaks through the context, not the bars.
    compute: ({ bars, context, intervalMs }) => {
      const { time, rate } = context.fundingRates();
      return [
        bars.time.map((t) => {
          const k = time.findIndex((ft) => ft > t + intervalMs!);
          return k < 0 ? Number.NaN : rate[k];
        }),
      ];
    },
    stream: () => ({ update: () => [Number.NaN], snapshot: () => new Float64Array(0), restore: () => {} }),
  };

  it('finds a feature reading the next bar and refuses to register it', () => {
    const leak = findLeakage(nextBarReturn, spot.input);
    expect(leak).toMatchObject({ feature: 'next_bar_return', column: 'next_bar_return' });
    expect(leak!.index).toBe(leak!.cut);
    expect(() => new FeatureRegistry().register(nextBarReturn, { probes: [spot.input] })).toThrow(
      /Cannot register: Feature "next_bar_return" leaks the future/,
    );
  });

  it('finds a feature normalised by a statistic of the whole series', () => {
    expect(findLeakage(seriesMaxNormalised, spot.input)).not.toBeNull();
  });

  it('finds a feature reading funding stamped after the bar close', () => {
    expect(findLeakage(fundingAhead, perpetual.input)?.feature).toBe('funding_ahead');
  });

  it('finds a feature that sees a funding record one bar early, cutting just before records arrive', () => {
    // The last record stamped by the NEXT bar's close: right except in the bar before each record.
    const fundingOneBarEarly: FeatureDefinition = {
      ...fundingAhead,
      name: 'funding_one_bar_early',
      compute: ({ bars, context, intervalMs }) => {
        const { time, rate } = context.fundingRates();
        return [
          bars.time.map((t) => {
            let k = -1;
            while (k + 1 < time.length && time[k + 1]! <= t + 2 * intervalMs!) k++;
            return k < 0 ? Number.NaN : rate[k]!;
          }),
        ];
      },
    };
    const n = perpetual.input.bars.time.length;
    // The evenly spread cuts alone miss it; the cuts before each record find it.
    expect(findLeakage(fundingOneBarEarly, perpetual.input, leakageCuts(n, 0))).toBeNull();
    expect(findLeakage(fundingOneBarEarly, perpetual.input)?.feature).toBe('funding_one_bar_early');
  });

  it('finds a stream that disagrees with its batch kernel', () => {
    const mismatch = findStreamingMismatch(nextBarReturn, spot.input);
    expect(mismatch).toMatchObject({ feature: 'next_bar_return', index: 0, phase: 'stream' });
  });
});
