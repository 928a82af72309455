import { describe, expect, it } from 'vitest';
import { featureCatalog } from '../../src/core/features/feature-catalog.js';
import { EXPORT_SET, FEATURE_SETS, featureSet } from '../../src/core/features/feature-sets/index.js';
import { resolveFeatureSet } from '../../src/core/features/feature-sets/feature-set.js';
import { featureRegistry } from '../../src/core/features/registry/default-registry.js';
import { FeatureRegistry } from '../../src/core/features/registry/feature-registry.js';
import { allFeatureDefinitions } from '../../src/core/features/definitions/index.js';

/** The CSV columns the issue lists, in its order. */
const ISSUE_COLUMNS =
  'sma_10, sma_20, sma_50, ema_10, ema_20, ema_50, rsi_14, atr_14, macd, macd_signal, macd_hist, bb_upper, ' +
  'bb_middle, bb_lower, stoch_k, stoch_d, adx_14, obv, vpt, vwap, volume_z_20, log_return, cdl_doji, cdl_hammer, ' +
  'cdl_shooting_star, cdl_engulfing';

describe('feature sets', () => {
  it('export is the issue’s CSV columns in order, each produced by a registered feature', () => {
    expect(EXPORT_SET.columns.join(', ')).toBe(ISSUE_COLUMNS);
    const set = featureSet('export', featureRegistry());
    expect(set.columns).toEqual([...EXPORT_SET.columns]);
    // macd's three columns come from one kernel, listed once among the members.
    expect(set.members.filter((m) => m.def.name === 'macd')).toHaveLength(1);
    expect(set.sources[set.columns.indexOf('macd_hist')]).toEqual({
      member: set.members.findIndex((m) => m.def.name === 'macd'),
      output: 2,
    });
    expect(set.info).toEqual({ name: 'export', version: set.version, features: set.columns });
  });

  it('version is a hash of the members’ versions: stable, and changed by any member’s kernel version', () => {
    const fresh = () => {
      const r = new FeatureRegistry();
      for (const def of allFeatureDefinitions()) r.register(def);
      return r;
    };
    const a = resolveFeatureSet(EXPORT_SET, fresh());
    expect(resolveFeatureSet(EXPORT_SET, fresh()).version).toBe(a.version);
    expect(a.version).toMatch(/^[0-9a-f]{16}$/);
    const bumped = new FeatureRegistry();
    for (const def of allFeatureDefinitions())
      bumped.register(def.name === 'rsi_14' ? { ...def, kernelVersion: def.kernelVersion + 1 } : def);
    expect(resolveFeatureSet(EXPORT_SET, bumped).version).not.toBe(a.version);
    // Another order of the same columns is another set.
    const reordered = { ...EXPORT_SET, columns: [...EXPORT_SET.columns].reverse() };
    expect(resolveFeatureSet(reordered, fresh()).version).not.toBe(a.version);
  });

  it('refuses unknown sets and columns, naming them', () => {
    expect(() => featureSet('nope', featureRegistry())).toThrow(
      'Unknown feature set "nope" (known: export, observation)',
    );
    expect(() =>
      resolveFeatureSet(
        { name: 'x', description: 'x', columns: ['rsi_14', 'rsi_99', 'foo'] },
        featureRegistry(),
      ),
    ).toThrow('Feature set "x" lists column(s) no registered feature produces: rsi_99, foo');
    expect(() =>
      resolveFeatureSet({ name: 'x', description: 'x', columns: ['rsi_14', 'rsi_14'] }, featureRegistry()),
    ).toThrow('Feature set "x" lists rsi_14 more than once');
  });

  it('the catalog lists every registered column and every set', () => {
    const catalog = featureCatalog();
    expect(catalog.features.map((f) => f.name)).toEqual(featureRegistry().columns());
    expect(catalog.sets.map((s) => s.name)).toEqual(FEATURE_SETS.map((s) => s.name));
    for (const f of catalog.features) {
      expect(f.definition.length, f.name).toBeGreaterThan(10);
      expect(f.inputs.length, f.name).toBeGreaterThan(0);
      expect(f.version, f.name).toMatch(/^[0-9a-f]{16}$/);
    }
  });
});
