import { describe, expect, it } from 'vitest';
import { volumeStructureDefinitions } from '../../src/core/features/definitions/volume-structure.js';
import { emptyFeatureContext } from '../../src/core/features/registry/feature-context.js';
import type { FeatureInput } from '../../src/core/features/registry/feature-definition.js';
import { FeatureRegistry } from '../../src/core/features/registry/feature-registry.js';
import {
  describeLeak,
  describeStreamingMismatch,
  findLeakage,
  findStreamingMismatch,
} from '../../src/core/features/registry/leakage-guard.js';
import { sliceColumns, type BarColumns } from '../../src/core/store/bar-columns.js';
import { loadBinanceSeries, loadFuturesMinutes, loadStockMinutes } from '../helpers/real-series.js';

/** Real probes, one per market (stocks twice: minutes with extended hours, hours across DST). */
function probes(): FeatureInput[] {
  const probe = (bars: BarColumns, market: FeatureInput['market'], symbol: string): FeatureInput => ({
    bars,
    market,
    symbol,
    context: emptyFeatureContext(),
  });
  const btc = loadBinanceSeries('BTCUSDT', '1h');
  return [
    probe(sliceColumns(btc, btc.time.length - 8_000, btc.time.length), 'crypto-spot', 'BTCUSDT'),
    probe(sliceColumns(loadFuturesMinutes('LINKUSDT'), 0, 8_000), 'crypto-perp', 'LINKUSDT'),
    probe(loadStockMinutes('spy'), 'stock', 'SPY'),
    probe(loadStockMinutes('AAPL', 'yfinance', '1h'), 'stock', 'AAPL'),
  ];
}

describe('volume and structure feature definitions', () => {
  it('register under the agreed columns', () => {
    const registry = new FeatureRegistry();
    for (const def of volumeStructureDefinitions) registry.register(def);
    expect(registry.columns()).toEqual([
      'obv',
      'vpt',
      'vwap',
      'vwap_rolling_24',
      'volume_z_20',
      'volume_ratio_20',
      'range_position_20',
      'pivot_resistance_dist',
      'pivot_support_dist',
      'hh_ll_20',
      'hh_20',
      'll_20',
      'consecutive_candles',
    ]);
    expect(registry.get('vwap_rolling_24')!.def.markets).toEqual(['crypto-spot', 'crypto-perp']);
  });

  const inputs = probes();
  for (const def of volumeStructureDefinitions) {
    it(`${def.name}: no leak, streaming equals batch (restored mid-series), warm-up as declared`, () => {
      for (const probe of inputs.filter((p) => def.markets.includes(p.market))) {
        const leak = findLeakage(def, probe);
        if (leak) expect.fail(`${probe.symbol}: ${describeLeak(leak)}`);
        const mismatch = findStreamingMismatch(def, probe);
        if (mismatch) expect.fail(`${probe.symbol}: ${describeStreamingMismatch(mismatch)}`);
        const [first] = def.compute(probe);
        for (let i = 0; i < def.warmup; i++) expect(first![i], `${probe.symbol} bar ${i}`).toBeNaN();
        // Pivot distances are NaN where no pivot lies beyond the close, VWAP on pre-market minutes.
        const mayBeNaN =
          def.name === 'pivot_resistance_dist' || (def.name === 'vwap' && probe.market === 'stock');
        if (!mayBeNaN) {
          expect(first![def.warmup], `${probe.symbol} first valid bar`).not.toBeNaN();
        }
      }
    });
  }

  it('vwap restarts at 00:00 UTC for crypto and at the session open for stocks', () => {
    const def = volumeStructureDefinitions.find((d) => d.name === 'vwap')!;
    const [crypto, , stock] = inputs;
    const [cryptoVwap] = def.compute(crypto!);
    const midnight = crypto!.bars.time.findIndex((t, i) => i > 0 && t % 86_400_000 === 0);
    const b = crypto!.bars;
    const typical = (bars: BarColumns, i: number) => (bars.high[i]! + bars.low[i]! + bars.close[i]!) / 3;
    expect(cryptoVwap![midnight]).toBe((typical(b, midnight) * b.volume[midnight]!) / b.volume[midnight]!);
    const [stockVwap] = def.compute(stock!);
    expect(stockVwap![0]).toBeNaN(); // Lean SPY starts with pre-market minutes
  });
});
