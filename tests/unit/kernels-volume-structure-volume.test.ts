import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { sessionOn } from '../../src/core/calendar/nyse-calendar.js';
import { obv, ObvStream } from '../../src/core/features/kernels/obv.js';
import { vpt, VptStream } from '../../src/core/features/kernels/vpt.js';
import {
  vwapAnchored,
  vwapRolling,
  VwapRollingStream,
  VwapStream,
  type VwapAnchor,
} from '../../src/core/features/kernels/vwap.js';
import { volumeZScore, VolumeZScoreStream } from '../../src/core/features/kernels/volume-zscore.js';
import type { BarColumns } from '../../src/core/store/bar-columns.js';
import { loadBinanceSeries, loadFuturesMinutes, loadStockMinutes } from '../helpers/real-series.js';
import { newYorkMinuteOfDay } from '../helpers/stock-bars.js';
import { loadLeanDaily } from '../helpers/stock-bars.js';
import { expectStreamParity, maxRelativeError } from '../helpers/volume-series.js';

const talib = createRequire(import.meta.url)('talib') as {
  execute(args: Record<string, unknown>): {
    begIndex: number;
    nbElement: number;
    result: Record<string, number[]>;
  };
};

const DAY = 86_400_000;

/** Real series the volume kernels are checked on (crypto 1h, futures 1m, stock minutes and hours). */
const series: Record<string, () => BarColumns> = {
  'BTCUSDT 1h spot': () => loadBinanceSeries('BTCUSDT', '1h'),
  'LINKUSDT 1m futures': () => loadFuturesMinutes('LINKUSDT'),
  'SPY 1m Lean (extended hours)': () => loadStockMinutes('spy'),
  'AAPL 1m yfinance': () => loadStockMinutes('AAPL', 'yfinance', '1m'),
};

const typical = (b: BarColumns, i: number) => (b.high[i]! + b.low[i]! + b.close[i]!) / 3;

describe('obv', () => {
  for (const [label, load] of Object.entries(series)) {
    it(`matches TA-Lib OBV on ${label}, from the same first bar`, () => {
      const b = load();
      const n = b.close.length;
      const got = obv(b.close, b.volume);
      const ref = talib.execute({
        name: 'OBV',
        startIdx: 0,
        endIdx: n - 1,
        inReal: Array.from(b.close),
        volume: Array.from(b.volume),
      });
      expect(ref.begIndex).toBe(0);
      expect(ref.nbElement).toBe(n);
      const expected = ref.result.outReal!;
      for (let i = 0; i < n; i++) {
        const tol = 1e-9 * Math.max(Math.abs(expected[i]!), 1);
        if (!(Math.abs(got[i]! - expected[i]!) <= tol))
          expect.fail(`bar ${i}: ${got[i]} vs TA-Lib ${expected[i]}`);
      }
    });
  }

  it('streams bar for bar like the batch kernel, and resumes from a snapshot', () => {
    const b = series['LINKUSDT 1m futures']!();
    const batch = obv(b.close, b.volume);
    const wrap = (s: ObvStream) => ({
      update: (i: number) => s.update(b.close[i]!, b.volume[i]!),
      snapshot: () => s.snapshot(),
    });
    expectStreamParity(
      b.close.length,
      { value: batch },
      () => wrap(new ObvStream()),
      (st) => wrap(ObvStream.restore({}, st)),
    );
  });

  it('treats a NaN volume as no volume instead of poisoning the rest', () => {
    const b = series['BTCUSDT 1h spot']!();
    const close = b.close.slice(0, 200);
    const volume = b.volume.slice(0, 200);
    volume[50] = Number.NaN;
    const got = obv(close, volume);
    expect(got[50]).toBe(got[49]);
    expect(Number.isFinite(got[199])).toBe(true);
  });
});

/** VPT the plain way: per-bar contributions first, then their running total. */
function referenceVpt(b: BarColumns): Float64Array {
  const n = b.close.length;
  const step = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    step[i] = (b.volume[i]! * (b.close[i]! - b.close[i - 1]!)) / b.close[i - 1]!;
  }
  const out = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) out[i] = total += step[i]!;
  return out;
}

describe('vpt', () => {
  for (const [label, load] of Object.entries(series)) {
    it(`equals the two-pass reference on ${label}; the first value is 0`, () => {
      const b = load();
      const got = vpt(b.close, b.volume);
      expect(got[0]).toBe(0);
      expect(maxRelativeError(got, referenceVpt(b), 1).max).toBeLessThan(1e-9);
    });
  }

  it('streams like the batch kernel and resumes from a snapshot', () => {
    const b = series['BTCUSDT 1h spot']!();
    const batch = vpt(b.close, b.volume);
    const wrap = (s: VptStream) => ({
      update: (i: number) => s.update(b.close[i]!, b.volume[i]!),
      snapshot: () => s.snapshot(),
    });
    expectStreamParity(
      b.close.length,
      { value: batch },
      () => wrap(new VptStream()),
      (st) => wrap(VptStream.restore({}, st)),
    );
  });

  it('skips a bar with a NaN close and measures the next change from the last finite close', () => {
    const b = series['BTCUSDT 1h spot']!();
    const close = b.close.slice(0, 100);
    const volume = b.volume.slice(0, 100);
    close[40] = Number.NaN;
    const got = vpt(close, volume);
    expect(got[40]).toBe(got[39]);
    expect(got[41]).toBe(got[39] + (volume[41]! * (close[41]! - close[39]!)) / close[39]!);
  });
});

/**
 * Anchored VWAP the plain way: bars grouped by an anchor label computed independently of the
 * kernel (UTC date text; New York wall clock from the platform's time-zone database), then each
 * bar's VWAP summed afresh over its group's bars so far. Null label = outside any session.
 */
function referenceVwap(b: BarColumns, labelOf: (i: number) => string | null): Float64Array {
  const n = b.close.length;
  const labels = Array.from({ length: n }, (_, i) => labelOf(i));
  const label = (i: number) => labels[i];
  const out = new Float64Array(n).fill(Number.NaN);
  let start = -1;
  let current: string | null = null;
  for (let i = 0; i < n; i++) {
    const l = label(i);
    if (l === null) continue;
    if (l !== current) {
      current = l;
      start = i;
    }
    let pv = 0;
    let v = 0;
    for (let j = start; j <= i; j++) {
      if (label(j) !== l) continue;
      pv += typical(b, j) * b.volume[j]!;
      v += b.volume[j]!;
    }
    out[i] = v > 0 ? pv / v : Number.NaN;
  }
  return out;
}

const utcDateLabel = (b: BarColumns) => (i: number) => new Date(b.time[i]!).toISOString().slice(0, 10);

/** New York date of a UTC time per Intl, and whether its minute of day lies in the regular session. */
const nyDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' });
function nyseSessionLabel(b: BarColumns) {
  const labels = Array.from(b.time, (t) => {
    const date = nyDate.format(new Date(t));
    const session = sessionOn(date);
    if (!session) return null;
    const minute = newYorkMinuteOfDay(t);
    const closeMinute = session.earlyClose ? 13 * 60 : 16 * 60;
    return minute >= 9 * 60 + 30 && minute < closeMinute ? date : null;
  });
  return (i: number) => labels[i]!;
}

describe('vwap anchored at 00:00 UTC (crypto)', () => {
  for (const label of ['BTCUSDT 1h spot', 'LINKUSDT 1m futures']) {
    it(`equals the two-pass reference on ${label} and restarts at every 00:00 UTC bar`, () => {
      const b = series[label]!();
      // The reference is quadratic within a day: 1m futures are checked on their first 10 days.
      const n = label.includes('1m') ? 14_400 : b.close.length;
      const bars = sliceBars(b, n);
      const got = vwapAnchored(bars.time, bars.high, bars.low, bars.close, bars.volume, 'utc-day');
      expect(maxRelativeError(got, referenceVwap(bars, utcDateLabel(bars))).max).toBeLessThan(1e-9);
      let resets = 0;
      for (let i = 1; i < n; i++) {
        if (bars.time[i]! % DAY === 0 && bars.volume[i]! > 0) {
          resets++;
          expect(got[i]).toBe((typical(bars, i) * bars.volume[i]!) / bars.volume[i]!);
        }
      }
      expect(resets).toBeGreaterThanOrEqual(9);
    });
  }

  it('streams like the batch kernel and resumes from a snapshot', () => {
    const b = series['BTCUSDT 1h spot']!();
    checkVwapParity(b, 'utc-day');
  });
});

describe('vwap anchored at the NYSE session open (stocks)', () => {
  it('on Lean SPY minutes: restarts at each 09:30 New York bar; pre-market and after-hours are NaN', () => {
    const b = series['SPY 1m Lean (extended hours)']!();
    const got = vwapAnchored(b.time, b.high, b.low, b.close, b.volume, 'nyse-session');
    const label = nyseSessionLabel(b);
    expect(maxRelativeError(got, referenceVwap(b, label)).max).toBeLessThan(1e-9);
    let opens = 0;
    let outside = 0;
    for (let i = 0; i < b.time.length; i++) {
      const minute = newYorkMinuteOfDay(b.time[i]!);
      if (minute === 9 * 60 + 30) {
        opens++;
        expect(got[i]).toBe((typical(b, i) * b.volume[i]!) / b.volume[i]!);
      }
      if (label(i) === null) {
        outside++;
        expect(got[i]).toBeNaN();
      }
    }
    expect(opens).toBe(7);
    expect(outside).toBeGreaterThan(1000); // the Lean files hold extended hours
  });

  it('on yfinance AAPL 1m over several sessions', () => {
    const b = series['AAPL 1m yfinance']!();
    const got = vwapAnchored(b.time, b.high, b.low, b.close, b.volume, 'nyse-session');
    expect(maxRelativeError(got, referenceVwap(b, nyseSessionLabel(b))).max).toBeLessThan(1e-9);
    checkVwapParity(b, 'nyse-session');
  });

  it('on yfinance AAPL 1h across DST switches: the 09:30 bar restarts in EST and in EDT alike', () => {
    const b = loadStockMinutes('AAPL', 'yfinance', '1h');
    const got = vwapAnchored(b.time, b.high, b.low, b.close, b.volume, 'nyse-session');
    expect(maxRelativeError(got, referenceVwap(b, nyseSessionLabel(b))).max).toBeLessThan(1e-9);
    // The first sessions after the clocks changed: 09:30 is 14:30 UTC in winter, 13:30 in summer.
    for (const [date, utcHour] of [
      ['2022-11-07', 14],
      ['2023-03-13', 13],
      ['2023-11-06', 14],
      ['2024-03-11', 13],
    ] as const) {
      const open = Date.parse(`${date}T${utcHour}:30:00Z`);
      const i = b.time.indexOf(open);
      expect(i, `bar at the ${date} open`).toBeGreaterThan(0);
      expect(got[i]).toBe((typical(b, i) * b.volume[i]!) / b.volume[i]!);
      expect(got[i - 1]).not.toBe(got[i]); // the previous session's last bar is not a restart
    }
    checkVwapParity(b, 'nyse-session');
  });

  it('on daily stock bars (stamped 00:00 UTC), each bar is its own session: VWAP = typical price', () => {
    const b = loadLeanDaily('spy');
    const got = vwapAnchored(b.time, b.high, b.low, b.close, b.volume, 'nyse-session');
    for (let i = 0; i < b.time.length; i++) {
      expect(got[i]).toBe((typical(b, i) * b.volume[i]!) / b.volume[i]!);
    }
    checkVwapParity(b, 'nyse-session');
  });
});

describe('vwap over a rolling window (crypto)', () => {
  /** Two-pass: each window summed afresh. */
  function referenceRolling(b: BarColumns, period: number): Float64Array {
    const n = b.close.length;
    const out = new Float64Array(n).fill(Number.NaN);
    for (let i = period - 1; i < n; i++) {
      let pv = 0;
      let v = 0;
      for (let j = i - period + 1; j <= i; j++) {
        pv += typical(b, j) * b.volume[j]!;
        v += b.volume[j]!;
      }
      out[i] = v > 0 ? pv / v : Number.NaN;
    }
    return out;
  }

  for (const label of ['BTCUSDT 1h spot', 'LINKUSDT 1m futures']) {
    it(`equals the two-pass reference on ${label} (24 bars), NaN for the first 23`, () => {
      const b = series[label]!();
      const got = vwapRolling(b.high, b.low, b.close, b.volume, 24);
      for (let i = 0; i < 23; i++) expect(got[i]).toBeNaN();
      expect(Number.isFinite(got[23])).toBe(true);
      expect(maxRelativeError(got, referenceRolling(b, 24)).max).toBeLessThan(1e-9);
    });
  }

  it('streams like the batch kernel and resumes from a snapshot (cut inside a re-sum block)', () => {
    const b = series['LINKUSDT 1m futures']!();
    const batch = vwapRolling(b.high, b.low, b.close, b.volume, 24);
    const wrap = (s: VwapRollingStream) => ({
      update: (i: number) => s.update(b.high[i]!, b.low[i]!, b.close[i]!, b.volume[i]!),
      snapshot: () => s.snapshot(),
    });
    expectStreamParity(
      b.close.length,
      { value: batch },
      () => wrap(new VwapRollingStream({ period: 24 })),
      (st) => wrap(VwapRollingStream.restore({ period: 24 }, st)),
      20_011,
    );
  });

  it('is NaN while a NaN volume is in the window, then recovers', () => {
    const b = sliceBars(series['BTCUSDT 1h spot']!(), 300);
    const volume = b.volume.slice();
    volume[100] = Number.NaN;
    const got = vwapRolling(b.high, b.low, b.close, volume, 24);
    expect(got[99]).not.toBeNaN();
    for (let i = 100; i < 124; i++) expect(got[i]).toBeNaN();
    const clean = vwapRolling(b.high, b.low, b.close, b.volume, 24);
    expect(maxRelativeError(got.subarray(124), clean.subarray(124)).max).toBeLessThan(1e-12);
  });
});

describe('volume z-score', () => {
  /** Two-pass over each window: mean, then population variance. */
  function referenceZ(volume: Float64Array, period: number): Float64Array {
    const out = new Float64Array(volume.length).fill(Number.NaN);
    for (let i = period - 1; i < volume.length; i++) {
      const w = Array.from(volume.subarray(i - period + 1, i + 1));
      const mean = w.reduce((a, x) => a + x, 0) / period;
      const std = Math.sqrt(w.reduce((a, x) => a + (x - mean) ** 2, 0) / period);
      out[i] = w.every((x) => x === w[0]) ? 0 : (volume[i]! - mean) / std;
    }
    return out;
  }

  for (const [label, load] of Object.entries(series)) {
    it(`equals the two-pass reference (20 bars, population std) on ${label}`, () => {
      const b = load();
      const got = volumeZScore(b.volume, 20);
      for (let i = 0; i < 19; i++) expect(got[i]).toBeNaN();
      // 1e-9 is the bar; the fresh sums keep the sliding window within ~1e-11 (without them
      // the SPY minutes drift to ~7e-9), so the test holds the kernel to 1e-10.
      expect(maxRelativeError(got, referenceZ(b.volume, 20), 1).max).toBeLessThan(1e-10);
    });
  }

  it('is 0 on a flat window (SPY pre-market: six bars of 100 shares in a row)', () => {
    const b = series['SPY 1m Lean (extended hours)']!();
    const got = volumeZScore(b.volume, 5);
    const n = b.volume.length;
    let flat = 0;
    for (let i = 4; i < n; i++) {
      const w = b.volume.subarray(i - 4, i + 1);
      if (w.every((x) => x === w[0])) {
        flat++;
        expect(got[i]).toBe(0);
      }
    }
    expect(flat).toBeGreaterThan(0);
  });

  it('streams like the batch kernel and resumes from a snapshot', () => {
    const b = series['BTCUSDT 1h spot']!();
    const batch = volumeZScore(b.volume, 20);
    const wrap = (s: VolumeZScoreStream) => ({
      update: (i: number) => s.update(b.volume[i]!),
      snapshot: () => s.snapshot(),
    });
    expectStreamParity(
      b.close.length,
      { value: batch },
      () => wrap(new VolumeZScoreStream({ period: 20 })),
      (st) => wrap(VolumeZScoreStream.restore({ period: 20 }, st)),
    );
  });
});

function checkVwapParity(b: BarColumns, anchor: VwapAnchor): void {
  const batch = vwapAnchored(b.time, b.high, b.low, b.close, b.volume, anchor);
  const wrap = (s: VwapStream) => ({
    update: (i: number) => s.update(b.time[i]!, b.high[i]!, b.low[i]!, b.close[i]!, b.volume[i]!),
    snapshot: () => s.snapshot(),
  });
  expectStreamParity(
    b.close.length,
    { value: batch },
    () => wrap(new VwapStream({ anchor })),
    (st) => wrap(VwapStream.restore({ anchor }, st)),
  );
}

function sliceBars(b: BarColumns, n: number): BarColumns {
  return {
    time: b.time.subarray(0, n),
    open: b.open.subarray(0, n),
    high: b.high.subarray(0, n),
    low: b.low.subarray(0, n),
    close: b.close.subarray(0, n),
    volume: b.volume.subarray(0, n),
  };
}
