import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeriesSplit } from '../../src/core/sim/dataset.js';
import { defaultCostConfig } from '../../src/core/sim/env-config.js';
import { DEFAULT_ORACLE_HORIZON, oracleActions } from '../../src/core/sim/hindsight-oracle.js';
import { ACTIONS, type SeriesWindow, type TrainingSeries } from '../../src/core/sim/training-series.js';
import { openSimFixture, type SimFixture } from '../helpers/sim-fixtures.js';

let fixture: SimFixture;
let btc: SeriesSplit;
let aapl: SeriesSplit;

beforeAll(async () => {
  fixture = openSimFixture(['BTCUSDT', 'AAPL']);
  btc = await fixture.load('BTCUSDT');
  aapl = await fixture.load('AAPL');
}, 60_000);

afterAll(() => fixture?.close());

const options = { horizon: DEFAULT_ORACLE_HORIZON, costs: defaultCostConfig, allowShort: true };

/** The series with every bar from `from` on replaced: NaN closes, or the prices reversed. */
function poisoned(series: TrainingSeries, from: number, how: 'nan' | 'reversed'): TrainingSeries {
  const close = Float64Array.from(series.close);
  const atr = Float64Array.from(series.atr);
  for (let i = from; i < close.length; i++) {
    close[i] = how === 'nan' ? Number.NaN : series.close[close.length - 1 - (i - from)];
    atr[i] = how === 'nan' ? Number.NaN : atr[i] * 3;
  }
  return { ...series, close, atr };
}

describe('oracleActions', () => {
  it('never reads a bar at or after the window end', () => {
    for (const split of [btc, aapl]) {
      const w = split.train;
      const labels = oracleActions(w, options);
      expect(labels.length).toBe(w.end - w.start);
      for (const how of ['nan', 'reversed'] as const) {
        const other: SeriesWindow = { ...w, series: poisoned(w.series, w.end, how) };
        expect(oracleActions(other, options)).toEqual(labels);
      }
      // Poisoning one bar earlier does change labels: the test can see a read.
      const inside: SeriesWindow = { ...w, series: poisoned(w.series, w.end - 1, 'nan') };
      expect(oracleActions(inside, options)).not.toEqual(labels);
      expect(labels[labels.length - 1]).toBe(ACTIONS.flat);
    }
  });

  it('does not look across a data gap (BTCUSDT outages)', () => {
    const w = btc.train;
    const s = w.series;
    const labels = oracleActions(w, options);
    let gaps = 0;
    for (let i = w.start; i + 1 < w.end; i++) {
      if (s.segmentEnd[i] !== i + 1) continue;
      gaps++;
      // Bars after the gap changed: the labels before it stay.
      const other: SeriesWindow = { ...w, series: poisoned(s, i + 1, 'reversed') };
      const again = oracleActions(other, options);
      expect(again.subarray(0, i + 1 - w.start)).toEqual(labels.subarray(0, i + 1 - w.start));
      expect(labels[i - w.start]).toBe(ACTIONS.flat);
    }
    expect(gaps).toBeGreaterThanOrEqual(4);
  });

  it('goes long or short only when the move over the horizon beats the round-trip cost', () => {
    const w = btc.train;
    const s = w.series;
    const labels = oracleActions(w, options);
    const counts = [0, 0, 0];
    for (let i = w.start; i < w.end; i++) {
      const a = labels[i - w.start];
      counts[a]++;
      const h = Math.min(DEFAULT_ORACLE_HORIZON, Math.min(s.segmentEnd[i], w.end) - 1 - i);
      if (h <= 0) {
        expect(a).toBe(ACTIONS.flat);
        continue;
      }
      const move = Math.log(s.close[i + h] / s.close[i]);
      const roundTrip =
        2 *
        (defaultCostConfig.commission +
          defaultCostConfig.slippageBps / 1e4 +
          defaultCostConfig.slippageVolFactor * (s.atr[i] / s.close[i]));
      const best = move > roundTrip ? ACTIONS.long : move < -roundTrip ? ACTIONS.short : ACTIONS.flat;
      expect(a).toBe(best);
    }
    // Every action occurs on a real year of BTC.
    for (const c of counts) expect(c).toBeGreaterThan(500);
  });

  it('never shorts when shorting is off, and stays flat when costs beat every move', () => {
    const longOnly = oracleActions(aapl.train, { ...options, allowShort: false });
    expect(longOnly.includes(ACTIONS.short)).toBe(false);
    expect(longOnly.includes(ACTIONS.long)).toBe(true);
    const costly = oracleActions(aapl.train, {
      ...options,
      costs: { ...defaultCostConfig, commission: 0.5 },
    });
    expect(costly.every((a) => a === ACTIONS.flat)).toBe(true);
  });
});
