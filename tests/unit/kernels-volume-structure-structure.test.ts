import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  consecutiveCandles,
  ConsecutiveCandlesStream,
} from '../../src/core/features/kernels/consecutive-candles.js';
import {
  higherHighsLowerLows,
  HigherHighsLowerLowsStream,
} from '../../src/core/features/kernels/higher-highs-lower-lows.js';
import {
  pivotDistances,
  PivotDistancesStream,
  type PivotParams,
} from '../../src/core/features/kernels/pivots.js';
import { rangePosition, RangePositionStream } from '../../src/core/features/kernels/range-position.js';
import { volumeRatio, VolumeRatioStream } from '../../src/core/features/kernels/volume-ratio.js';
import type { BarColumns } from '../../src/core/store/bar-columns.js';
import { loadBinanceSeries, loadFuturesMinutes, loadStockMinutes } from '../helpers/real-series.js';
import { expectStreamParity } from '../helpers/volume-series.js';

const talib = createRequire(import.meta.url)('talib') as {
  execute(args: Record<string, unknown>): {
    begIndex: number;
    nbElement: number;
    result: Record<string, number[]>;
  };
};

const series: Record<string, () => BarColumns> = {
  'BTCUSDT 1h spot': () => loadBinanceSeries('BTCUSDT', '1h'),
  'LINKUSDT 1m futures': () => loadFuturesMinutes('LINKUSDT'),
  'SPY 1m Lean (extended hours)': () => loadStockMinutes('spy'),
};

/** A TA-Lib single-output function over one input column, as a full-length array (NaN before begIndex). */
function talibLine(name: string, input: Float64Array, period: number): Float64Array {
  const n = input.length;
  const r = talib.execute({
    name,
    startIdx: 0,
    endIdx: n - 1,
    inReal: Array.from(input),
    optInTimePeriod: period,
  });
  const out = new Float64Array(n).fill(Number.NaN);
  r.result.outReal!.forEach((v, k) => (out[r.begIndex + k] = v));
  return out;
}

function expectSame(got: Float64Array, expected: ArrayLike<number>, label: string, tol = 0): void {
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const g = got[i]!;
    const ok = Number.isNaN(e) ? Number.isNaN(g) : Math.abs(g - e) <= tol * Math.max(Math.abs(e), 1);
    if (!ok) expect.fail(`${label}: bar ${i} got ${g}, expected ${e}`);
  }
}

describe('volume ratio', () => {
  for (const [label, load] of Object.entries(series)) {
    it(`is volume / TA-Lib SMA(volume, 20) on ${label}, from the same first bar`, () => {
      const b = load();
      const sma = talibLine('SMA', b.volume, 20);
      const expected = Float64Array.from(sma, (m, i) => b.volume[i]! / m);
      expectSame(volumeRatio(b.volume, 20), expected, label); // TA-Lib's running total: bit for bit
    });
  }

  it('streams like the batch kernel and resumes from a snapshot', () => {
    const b = series['BTCUSDT 1h spot']!();
    const wrap = (s: VolumeRatioStream) => ({
      update: (i: number) => s.update(b.volume[i]!),
      snapshot: () => s.snapshot(),
    });
    expectStreamParity(
      b.volume.length,
      { value: volumeRatio(b.volume, 20) },
      () => wrap(new VolumeRatioStream({ period: 20 })),
      (st) => wrap(VolumeRatioStream.restore({ period: 20 }, st)),
    );
  });

  it('is NaN while a NaN volume is in the window, then as before', () => {
    const volume = series['BTCUSDT 1h spot']!().volume.slice(0, 200);
    const clean = volumeRatio(volume, 20);
    volume[50] = Number.NaN;
    const got = volumeRatio(volume, 20);
    for (let i = 50; i < 70; i++) expect(got[i]).toBeNaN();
    expectSame(got.subarray(70), clean.subarray(70), 'after the NaN', 1e-12);
  });
});

describe('range position', () => {
  for (const [label, load] of Object.entries(series)) {
    it(`is (close − TA-Lib MIN(low)) / (MAX(high) − MIN(low)) over 20 bars on ${label}`, () => {
      const b = load();
      const hi = talibLine('MAX', b.high, 20);
      const lo = talibLine('MIN', b.low, 20);
      const expected = Float64Array.from(hi, (h, i) =>
        h - lo[i]! > 0 ? (b.close[i]! - lo[i]!) / (h - lo[i]!) : Number.isNaN(h) ? Number.NaN : 0.5,
      );
      const got = rangePosition(b.high, b.low, b.close, 20);
      expectSame(got, expected, label);
      for (let i = 19; i < got.length; i++) {
        if (!(got[i]! >= 0 && got[i]! <= 1)) expect.fail(`bar ${i}: ${got[i]} outside [0, 1]`);
      }
    });
  }

  it('gives 0.5 on a flat window (SPY pre-market minutes that did not move)', () => {
    const b = series['SPY 1m Lean (extended hours)']!();
    const got = rangePosition(b.high, b.low, b.close, 3);
    let flat = 0;
    for (let i = 2; i < got.length; i++) {
      const hs = [b.high[i - 2]!, b.high[i - 1]!, b.high[i]!];
      const ls = [b.low[i - 2]!, b.low[i - 1]!, b.low[i]!];
      if (Math.max(...hs) === Math.min(...ls)) {
        flat++;
        expect(got[i]).toBe(0.5);
      }
    }
    expect(flat).toBeGreaterThan(0);
  });

  it('streams like the batch kernel and resumes from a snapshot', () => {
    const b = series['LINKUSDT 1m futures']!();
    const wrap = (s: RangePositionStream) => ({
      update: (i: number) => s.update(b.high[i]!, b.low[i]!, b.close[i]!),
      snapshot: () => s.snapshot(),
    });
    expectStreamParity(
      b.close.length,
      { value: rangePosition(b.high, b.low, b.close, 20) },
      () => wrap(new RangePositionStream({ period: 20 })),
      (st) => wrap(RangePositionStream.restore({ period: 20 }, st)),
      12_345,
    );
  });

  it('is NaN while a bar with a NaN high is in the window', () => {
    const b = series['BTCUSDT 1h spot']!();
    const high = b.high.slice(0, 100);
    high[30] = Number.NaN;
    const got = rangePosition(high, b.low.subarray(0, 100), b.close.subarray(0, 100), 20);
    expect(got[29]).not.toBeNaN();
    for (let i = 30; i < 50; i++) expect(got[i]).toBeNaN();
    expect(got[50]).not.toBeNaN();
  });
});

describe('higher highs / lower lows', () => {
  for (const [label, load] of Object.entries(series)) {
    it(`counts the last 20 steps like a direct count on ${label}`, () => {
      const b = load();
      const got = higherHighsLowerLows(b.high, b.low, 20);
      for (let i = 0; i < b.high.length; i++) {
        if (i < 20) {
          expect(got.higherHighs[i]).toBeNaN();
          continue;
        }
        let hh = 0;
        let ll = 0;
        for (let j = i - 19; j <= i; j++) {
          if (b.high[j]! > b.high[j - 1]!) hh++;
          if (b.low[j]! < b.low[j - 1]!) ll++;
        }
        if (got.higherHighs[i] !== hh || got.lowerLows[i] !== ll || got.net[i] !== hh - ll) {
          expect.fail(
            `bar ${i}: got ${got.higherHighs[i]}/${got.lowerLows[i]}/${got.net[i]}, expected ${hh}/${ll}`,
          );
        }
      }
    });
  }

  it('streams like the batch kernel and resumes from a snapshot', () => {
    const b = series['BTCUSDT 1h spot']!();
    const batch = higherHighsLowerLows(b.high, b.low, 20);
    const wrap = (s: HigherHighsLowerLowsStream) => ({
      update: (i: number) => ({ ...s.update(b.high[i]!, b.low[i]!) }),
      snapshot: () => s.snapshot(),
    });
    expectStreamParity(
      b.close.length,
      { higherHighs: batch.higherHighs, lowerLows: batch.lowerLows, net: batch.net },
      () => wrap(new HigherHighsLowerLowsStream({ period: 20 })),
      (st) => wrap(HigherHighsLowerLowsStream.restore({ period: 20 }, st)),
    );
  });
});

describe('consecutive candles', () => {
  for (const [label, load] of Object.entries(series)) {
    it(`is the signed length of the current run of up or down candles on ${label}`, () => {
      const b = load();
      const got = consecutiveCandles(b.open, b.close);
      const sign = (i: number) => Math.sign(b.close[i]! - b.open[i]!);
      for (let i = 0; i < b.close.length; i++) {
        const s = sign(i);
        let k = 0;
        while (s !== 0 && i - k >= 0 && sign(i - k) === s) k++;
        if (got[i] !== s * k) expect.fail(`bar ${i}: got ${got[i]}, expected ${s * k}`);
      }
    });
  }

  it('streams like the batch kernel and resumes from a snapshot', () => {
    const b = series['LINKUSDT 1m futures']!();
    const wrap = (s: ConsecutiveCandlesStream) => ({
      update: (i: number) => s.update(b.open[i]!, b.close[i]!),
      snapshot: () => s.snapshot(),
    });
    expectStreamParity(
      b.close.length,
      { value: consecutiveCandles(b.open, b.close) },
      () => wrap(new ConsecutiveCandlesStream()),
      (st) => wrap(ConsecutiveCandlesStream.restore({}, st)),
    );
  });
});

describe('support / resistance pivots', () => {
  const params: PivotParams = { span: 5, lookback: 100 };

  /**
   * The definition straight from the text: for each bar, scan every earlier bar j that is confirmed
   * (j + span ≤ i) and recent (j > i − lookback) and test the pivot rule on its own 2·span + 1 bars.
   */
  function reference(b: BarColumns, { span, lookback }: PivotParams) {
    const n = b.close.length;
    const isPivotHigh = new Uint8Array(n);
    const isPivotLow = new Uint8Array(n);
    for (let j = span; j + span < n; j++) {
      let high = true;
      let low = true;
      for (let d = 1; d <= span; d++) {
        if (!(b.high[j]! > b.high[j - d]! && b.high[j]! >= b.high[j + d]!)) high = false;
        if (!(b.low[j]! < b.low[j - d]! && b.low[j]! <= b.low[j + d]!)) low = false;
      }
      isPivotHigh[j] = high ? 1 : 0;
      isPivotLow[j] = low ? 1 : 0;
    }
    const resistance = new Float64Array(n).fill(Number.NaN);
    const support = new Float64Array(n).fill(Number.NaN);
    for (let i = 0; i < n; i++) {
      const c = b.close[i]!;
      let above = Infinity;
      let below = -Infinity;
      for (let j = Math.max(0, i - lookback + 1); j <= i - span; j++) {
        if (isPivotHigh[j] && b.high[j]! >= c) above = Math.min(above, b.high[j]!);
        if (isPivotLow[j] && b.low[j]! <= c) below = Math.max(below, b.low[j]!);
      }
      if (above < Infinity) resistance[i] = (above - c) / c;
      if (below > -Infinity) support[i] = (c - below) / c;
    }
    return { resistance, support };
  }

  for (const [label, load] of Object.entries(series)) {
    it(`equals the direct definition on ${label}`, () => {
      const b = load();
      const got = pivotDistances(b.high, b.low, b.close, params);
      const ref = reference(b, params);
      expectSame(got.resistance, ref.resistance, `${label} resistance`);
      expectSame(got.support, ref.support, `${label} support`);
      const finite = (x: Float64Array) => x.filter(Number.isFinite).length / x.length;
      expect(finite(got.resistance)).toBeGreaterThan(0.3);
      expect(finite(got.support)).toBeGreaterThan(0.3);
    });
  }

  it('uses only pivots confirmed by each bar: a series cut at t gives the same values up to t', () => {
    const b = series['BTCUSDT 1h spot']!();
    const full = pivotDistances(b.high, b.low, b.close, params);
    for (const t of [11, 12, 57, 1_000, 1_003, 20_000, 20_004]) {
      const cut = pivotDistances(
        b.high.subarray(0, t + 1),
        b.low.subarray(0, t + 1),
        b.close.subarray(0, t + 1),
        params,
      );
      expectSame(cut.resistance, full.resistance.subarray(0, t + 1), `resistance cut at ${t}`);
      expectSame(cut.support, full.support.subarray(0, t + 1), `support cut at ${t}`);
    }
  });

  it('streams like the batch kernel and resumes from a snapshot', () => {
    const b = series['LINKUSDT 1m futures']!();
    const batch = pivotDistances(b.high, b.low, b.close, params);
    const wrap = (s: PivotDistancesStream) => ({
      update: (i: number) => ({ ...s.update(b.high[i]!, b.low[i]!, b.close[i]!) }),
      snapshot: () => s.snapshot(),
    });
    expectStreamParity(
      b.close.length,
      { resistance: batch.resistance, support: batch.support },
      () => wrap(new PivotDistancesStream(params)),
      (st) => wrap(PivotDistancesStream.restore(params, st)),
      7_777,
    );
  });

  it('finds no pivot whose window holds a NaN high', () => {
    const b = series['BTCUSDT 1h spot']!();
    const n = 400;
    const high = b.high.slice(0, n);
    const clean = pivotDistances(high, b.low.subarray(0, n), b.close.subarray(0, n), params);
    high[200] = Number.NaN;
    const got = pivotDistances(high, b.low.subarray(0, n), b.close.subarray(0, n), params);
    expectSame(got.support, clean.support, 'support (lows untouched)');
    expectSame(
      got.resistance.subarray(0, 205),
      clean.resistance.subarray(0, 205),
      'before the NaN is confirmed',
    );
  });
});
