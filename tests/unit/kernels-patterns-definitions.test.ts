import { describe, expect, test } from 'vitest';
import { patternDefinitions } from '../../src/core/features/definitions/patterns.js';
import { cdlEngulfing } from '../../src/core/features/kernels/patterns/cdl-engulfing.js';
import { emptyFeatureContext } from '../../src/core/features/registry/feature-context.js';
import type { FeatureInput } from '../../src/core/features/registry/feature-definition.js';
import { FeatureRegistry } from '../../src/core/features/registry/feature-registry.js';
import {
  describeLeak,
  describeStreamingMismatch,
  findLeakage,
  findStreamingMismatch,
} from '../../src/core/features/registry/leakage-guard.js';
import { sliceColumns } from '../../src/core/store/bar-columns.js';
import { loadFuturesMinutes, loadStockMinutes } from '../helpers/real-series.js';

const probes: FeatureInput[] = [
  {
    bars: sliceColumns(loadFuturesMinutes('LINKUSDT'), 0, 6000),
    market: 'crypto-perp',
    symbol: 'LINKUSDT',
    context: emptyFeatureContext(),
  },
  { bars: loadStockMinutes('spy'), market: 'stock', symbol: 'SPY', context: emptyFeatureContext() },
];

test('the four pattern columns of the CSV export, registered with their TA-Lib lookbacks', () => {
  const registry = new FeatureRegistry();
  for (const def of patternDefinitions) registry.register(def, { probes });
  expect(registry.columns()).toEqual(['cdl_doji', 'cdl_hammer', 'cdl_shooting_star', 'cdl_engulfing']);
  expect(patternDefinitions.map((d) => d.warmup)).toEqual([10, 11, 11, 2]);
  expect(patternDefinitions.map((d) => d.params.talib)).toEqual([
    'CDLDOJI',
    'CDLHAMMER',
    'CDLSHOOTINGSTAR',
    'CDLENGULFING',
  ]);
});

describe.each(patternDefinitions)('$name', (def) => {
  test('passes the leakage guard and streams exactly like its batch on real series', () => {
    for (const probe of probes) {
      const leak = findLeakage(def, probe);
      expect(leak && describeLeak(leak)).toBeNull();
      const mismatch = findStreamingMismatch(def, probe);
      expect(mismatch && describeStreamingMismatch(mismatch)).toBeNull();
      const [values] = def.compute(probe);
      expect(
        values.slice(def.warmup).some((v) => v !== 0),
        `${probe.symbol}: some hits`,
      ).toBe(true);
    }
  });
});

test('compute is the kernel on the bars', () => {
  const bars = probes[1].bars;
  const engulfing = patternDefinitions.find((d) => d.name === 'cdl_engulfing')!;
  expect(engulfing.compute(probes[1])[0]).toEqual(cdlEngulfing(bars.open, bars.high, bars.low, bars.close));
});
