import { describe, expect, it } from 'vitest';
import type { FeatureDefinition } from '../../src/core/features/registry/feature-definition.js';
import { featureVersion, FeatureRegistry } from '../../src/core/features/registry/feature-registry.js';
import { stableHash } from '../../src/core/features/registry/version-hash.js';
import { emptyFeatureContext } from '../../src/core/features/registry/feature-context.js';
import { loadBinanceSeries } from '../helpers/real-series.js';

/** A causal test feature: close minus the close `lag` bars back (NaN in warm-up). */
function closeChange(name: string, lag: number, extra: Partial<FeatureDefinition> = {}): FeatureDefinition {
  return {
    name,
    definition: `close minus the close ${lag} bars back`,
    inputs: ['bars'],
    markets: ['crypto-spot'],
    warmup: lag,
    kernelVersion: 1,
    params: { lag },
    compute: ({ bars }) => {
      const out = new Float64Array(bars.close.length).fill(Number.NaN);
      for (let i = lag; i < out.length; i++) out[i] = bars.close[i] - bars.close[i - lag];
      return [out];
    },
    stream: () => {
      throw new Error('not used');
    },
    ...extra,
  };
}

describe('FeatureRegistry', () => {
  it('registers a definition with its columns and a stable version hash', () => {
    const registry = new FeatureRegistry();
    const registered = registry.register(closeChange('change_3', 3));
    expect(registered.columns).toEqual(['change_3']);
    expect(registered.version).toMatch(/^[0-9a-f]{16}$/);
    // Same name, kernel version and params (in any key order) → same hash; any change → another.
    expect(featureVersion(closeChange('change_3', 3, { params: { lag: 3 } }))).toBe(registered.version);
    expect(featureVersion(closeChange('change_3', 3, { kernelVersion: 2 }))).not.toBe(registered.version);
    expect(featureVersion(closeChange('change_3', 4))).not.toBe(registered.version);
    expect(featureVersion(closeChange('change_4', 3))).not.toBe(registered.version);
    expect(stableHash({ a: 1, b: 'x' })).toBe(stableHash({ b: 'x', a: 1 }));
    expect(registry.byColumn('change_3')).toBe(registered);
    expect(registry.info()).toEqual([
      {
        name: 'change_3',
        definition: 'close minus the close 3 bars back',
        inputs: ['bars'],
        warmup: 3,
        markets: ['crypto-spot'],
        version: registered.version,
      },
    ]);
  });

  it('lists one catalog entry per output column of a multi-output kernel', () => {
    const registry = new FeatureRegistry();
    registry.register(closeChange('pair', 1, { outputs: ['pair_a', 'pair_b'] }));
    expect(registry.columns()).toEqual(['pair_a', 'pair_b']);
    expect(registry.info().map((f) => f.name)).toEqual(['pair_a', 'pair_b']);
    expect(registry.byColumn('pair_b')?.def.name).toBe('pair');
  });

  it('refuses names and columns already taken, naming both features', () => {
    const registry = new FeatureRegistry();
    registry.register(closeChange('pair', 1, { outputs: ['pair_a', 'pair_b'] }));
    expect(() => registry.register(closeChange('pair', 2))).toThrow(
      /"pair" is already used by feature "pair"/,
    );
    expect(() => registry.register(closeChange('pair_b', 2))).toThrow(/"pair_b" is already used/);
    expect(() => registry.register(closeChange('other', 2, { outputs: ['x', 'pair_a'] }))).toThrow(
      /"pair_a" is already used by feature "pair"/,
    );
  });

  it('refuses malformed definitions with the reason', () => {
    const registry = new FeatureRegistry();
    expect(() => registry.register(closeChange('neg', 1, { warmup: -1 }))).toThrow(
      /warmup must be a whole number ≥ 0/,
    );
    expect(() => registry.register(closeChange('frac', 1, { warmup: 1.5 }))).toThrow(/warmup/);
    expect(() => registry.register(closeChange('Bad-Name', 1))).toThrow(/lower-case letters/);
    expect(() => registry.register(closeChange('v0', 1, { kernelVersion: 0 }))).toThrow(/kernelVersion/);
    expect(() => registry.register(closeChange('noin', 1, { inputs: [] }))).toThrow(/inputs must list/);
    expect(() => registry.register(closeChange('mk', 1, { markets: ['forex' as never] }))).toThrow(
      /unknown market "forex"/,
    );
    expect(() => registry.register(closeChange('p', 1, { params: { lag: Number.NaN } }))).toThrow(
      /parameter "lag" must be a finite number/,
    );
    expect(() => registry.register(closeChange('dup', 1, { outputs: ['a', 'a'] }))).toThrow(/listed twice/);
    expect(registry.all()).toEqual([]);
  });

  it('refuses a definition that leaks on a probe series, and accepts a causal one', () => {
    const bars = loadBinanceSeries('BTCUSDT', '1h', { months: /2022-0[1-2]/ });
    const probe = { bars, market: 'crypto-spot' as const, symbol: 'BTCUSDT', context: emptyFeatureContext() };
    const registry = new FeatureRegistry();
    const leaky = closeChange('next_change', 1, {
      compute: ({ bars: b }) => {
        const out = new Float64Array(b.close.length).fill(Number.NaN);
        for (let i = 0; i + 1 < out.length; i++) out[i] = b.close[i + 1] - b.close[i];
        return [out];
      },
    });
    expect(() => registry.register(leaky, { probes: [probe] })).toThrow(
      /Cannot register: Feature "next_change" leaks the future: column "next_change" at bar \d+/,
    );
    expect(registry.get('next_change')).toBeUndefined();
    expect(registry.register(closeChange('change_1', 1), { probes: [probe] }).columns).toEqual(['change_1']);
  });
});
