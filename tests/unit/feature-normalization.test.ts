import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  fitNormalization,
  zScoredLogReturns,
} from '../../src/core/features/normalization/normalization-stats.js';
import {
  fitAndStoreNormalization,
  readNormalizationStats,
} from '../../src/core/features/normalization/normalization-repo.js';
import { atr } from '../../src/core/features/kernels/atr.js';
import { allocateColumns, sliceColumns, type BarColumns } from '../../src/core/store/bar-columns.js';
import { BarStore } from '../../src/core/store/bar-store.js';
import { upsertInstrument } from '../../src/core/store/instruments.js';
import { migrate } from '../../src/core/store/migrate.js';
import { loadBinanceSeries, loadStockMinutes } from '../helpers/real-series.js';

const btc = loadBinanceSeries('BTCUSDT', '1h', { months: /2021-/ });
const from = Date.UTC(2021, 3, 1);
const to = Date.UTC(2021, 6, 1);

/** Plain two-pass statistics of the window's bars, as a reference. */
function reference(bars: BarColumns, fitFrom: number, fitTo: number) {
  const idx = [...bars.time.keys()].filter((i) => bars.time[i] >= fitFrom && bars.time[i] < fitTo);
  const close = idx.map((i) => bars.close[i]);
  const returns = close.slice(1).map((c, k) => Math.log(c / close[k]));
  const mean = returns.reduce((s, r) => s + r, 0) / returns.length;
  const variance = returns.reduce((s, r) => s + (r - mean) ** 2, 0) / returns.length;
  const a = Array.from(
    atr(
      Float64Array.from(idx, (i) => bars.high[i]),
      Float64Array.from(idx, (i) => bars.low[i]),
      Float64Array.from(close),
      14,
    ),
  ).filter(Number.isFinite);
  return {
    bars: idx.length,
    meanLogReturn: mean,
    stdLogReturn: Math.sqrt(variance),
    meanAtr: a.reduce((s, x) => s + x, 0) / a.length,
    meanPrice: close.reduce((s, c) => s + c, 0) / close.length,
  };
}

/** A copy of the bars with every bar outside [fitFrom, fitTo) replaced by another real bar's prices. */
function scrambledOutside(bars: BarColumns, fitFrom: number, fitTo: number): BarColumns {
  const out = allocateColumns(bars.time.length, false);
  const n = bars.time.length;
  for (let i = 0; i < n; i++) {
    const inside = bars.time[i] >= fitFrom && bars.time[i] < fitTo;
    const j = inside ? i : n - 1 - i; // mirror: a real bar from elsewhere in the year
    out.time[i] = bars.time[i];
    for (const name of ['open', 'high', 'low', 'close', 'volume'] as const) out[name][i] = bars[name][j];
  }
  return out;
}

describe('normalisation statistics', () => {
  it('fit the window only and equal a two-pass reference', () => {
    const stats = fitNormalization(btc, from, to);
    const ref = reference(btc, from, to);
    expect(stats.bars).toBe(ref.bars);
    expect(stats.bars).toBe(2179); // 91 days of 1h bars, 5 hours missing in the archive
    for (const key of ['meanLogReturn', 'stdLogReturn', 'meanAtr', 'meanPrice'] as const)
      expect(stats[key]).toBeCloseTo(ref[key], 12);
  });

  it('never change with the data outside the fit window', () => {
    const stats = fitNormalization(btc, from, to);
    const inside = btc.time.findIndex((t) => t >= from);
    const after = btc.time.findIndex((t) => t >= to);
    // Same stats from: only the window, the window plus later bars, and bars replaced outside.
    expect(fitNormalization(sliceColumns(btc, inside, after), from, to)).toEqual(stats);
    expect(fitNormalization(sliceColumns(btc, 0, after + 500), from, to)).toEqual(stats);
    expect(fitNormalization(scrambledOutside(btc, from, to), from, to)).toEqual(stats);
    // ...and a change inside does change them (the check can fail).
    expect(fitNormalization(scrambledOutside(btc, from, to - 86_400_000), from, to)).not.toEqual(stats);
  });

  it('refuse a window with too few bars, naming it', () => {
    expect(() => fitNormalization(btc, from, from + 10 * 3_600_000)).toThrow(/holds 10 bars; at least 16/);
    expect(() => fitNormalization(btc, to, from)).toThrow(/window is empty/);
  });

  it('z-score log returns as (ln(P_t/P_t−1) − μ) / σ', () => {
    const stats = fitNormalization(btc, from, to);
    const z = zScoredLogReturns(btc.close, stats);
    expect(z[0]).toBeNaN();
    const i = 5000;
    expect(z[i]).toBe((Math.log(btc.close[i] / btc.close[i - 1]) - stats.meanLogReturn) / stats.stdLogReturn);
    // Inside the fit window the z-scores have mean 0 and std 1 (population).
    const a = btc.time.findIndex((t) => t >= from) + 1;
    const b = btc.time.findIndex((t) => t >= to);
    const window = Array.from(z.subarray(a, b));
    const mean = window.reduce((s, x) => s + x, 0) / window.length;
    const std = Math.sqrt(window.reduce((s, x) => s + (x - mean) ** 2, 0) / window.length);
    expect(mean).toBeCloseTo(0, 10);
    expect(std).toBeCloseTo(1, 10);
  });

  it('are stored with the dataset, read from the stored bars of the window only', () => {
    const db = new Database(':memory:');
    migrate(db);
    const id = upsertInstrument(db, { symbol: 'SPY', venue: 'us', market: 'stock' }, 0);
    const spy = loadStockMinutes('spy');
    new BarStore(db).writeBars({
      instrumentId: id,
      interval: '1m',
      source: 'lean',
      rawFileId: null,
      columns: spy,
    });
    const fitFrom = spy.time[0];
    const fitTo = spy.time[Math.floor(spy.time.length / 2)];
    const stats = fitAndStoreNormalization(db, id, '1m', fitFrom, fitTo, 123);
    expect(stats).toEqual(fitNormalization(spy, fitFrom, fitTo));
    expect(readNormalizationStats(db, id, '1m', fitFrom, fitTo)).toEqual(stats);
    expect(readNormalizationStats(db, id, '1m', fitFrom, fitTo + 1)).toBeNull();
    db.close();
  });
});
