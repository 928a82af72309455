import { describe, expect, test } from 'vitest';
import { trendMomentumDefinitions } from '../../src/core/features/definitions/trend-momentum.js';
import { macd } from '../../src/core/features/kernels/macd.js';
import { rsi } from '../../src/core/features/kernels/rsi.js';
import { emptyFeatureContext } from '../../src/core/features/registry/feature-context.js';
import { outputsOf, type FeatureInput } from '../../src/core/features/registry/feature-definition.js';
import { FeatureRegistry } from '../../src/core/features/registry/feature-registry.js';
import {
  describeLeak,
  describeStreamingMismatch,
  findLeakage,
  findStreamingMismatch,
} from '../../src/core/features/registry/leakage-guard.js';
import { sliceColumns } from '../../src/core/store/bar-columns.js';
import { loadBinanceSeries, loadFuturesMinutes, loadStockMinutes } from '../helpers/real-series.js';

const probes: FeatureInput[] = [
  {
    bars: sliceColumns(loadBinanceSeries('BTCUSDT', '1h'), 0, 6000),
    market: 'crypto-spot',
    symbol: 'BTCUSDT',
    context: emptyFeatureContext(),
  },
  {
    bars: sliceColumns(loadFuturesMinutes('LINKUSDT'), 0, 6000),
    market: 'crypto-perp',
    symbol: 'LINKUSDT',
    context: emptyFeatureContext(),
  },
  { bars: loadStockMinutes('spy'), market: 'stock', symbol: 'SPY', context: emptyFeatureContext() },
];

test('the trend and momentum columns of the CSV export register, in order, with TA-Lib lookbacks as warm-up', () => {
  const registry = new FeatureRegistry();
  for (const def of trendMomentumDefinitions) registry.register(def, { probes });
  expect(registry.columns()).toEqual([
    'sma_10',
    'sma_20',
    'sma_50',
    'ema_10',
    'ema_20',
    'ema_50',
    'rsi_14',
    'atr_14',
    'macd',
    'macd_signal',
    'macd_hist',
    'bb_upper',
    'bb_middle',
    'bb_lower',
    'stoch_k',
    'stoch_d',
    'adx_14',
    'log_return',
    'roc_10',
    'realized_vol_20',
  ]);
  expect(Object.fromEntries(trendMomentumDefinitions.map((d) => [d.name, d.warmup]))).toEqual({
    sma_10: 9,
    sma_20: 19,
    sma_50: 49,
    ema_10: 9,
    ema_20: 19,
    ema_50: 49,
    rsi_14: 14,
    atr_14: 14,
    macd: 33,
    bb_upper: 19,
    stoch_k: 17,
    adx_14: 27,
    log_return: 1,
    roc_10: 10,
    realized_vol_20: 20,
  });
});

describe.each(trendMomentumDefinitions)('$name', (def) => {
  test('passes the leakage guard, streams exactly like its batch, and is NaN exactly during warm-up', () => {
    for (const probe of probes) {
      const leak = findLeakage(def, probe);
      expect(leak && describeLeak(leak)).toBeNull();
      const mismatch = findStreamingMismatch(def, probe);
      expect(mismatch && describeStreamingMismatch(mismatch)).toBeNull();
      const outputs = def.compute(probe);
      expect(outputs.length).toBe(outputsOf(def).length);
      for (const values of outputs) {
        expect(values.subarray(0, def.warmup).every((v) => Number.isNaN(v))).toBe(true);
        expect(
          values.subarray(def.warmup).every((v) => Number.isFinite(v)),
          `${probe.symbol}`,
        ).toBe(true);
      }
    }
  });
});

test('compute is the kernel on the bars', () => {
  const bars = probes[0].bars;
  const byName = (name: string) => trendMomentumDefinitions.find((d) => d.name === name)!;
  expect(byName('rsi_14').compute(probes[0])[0]).toEqual(rsi(bars.close, 14));
  const m = macd(bars.close, { fast: 12, slow: 26, signal: 9 });
  expect(byName('macd').compute(probes[0])).toEqual([m.macd, m.signal, m.hist]);
});
