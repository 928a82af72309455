import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTrainingSeries, type SeriesSplit } from '../../src/core/sim/dataset.js';
import {
  runFixedPosition,
  runPolicyDeterministic,
  type PositionTrace,
} from '../../src/core/sim/deterministic-run.js';
import { defaultEnvConfig, type EnvConfig } from '../../src/core/sim/env-config.js';
import {
  OBS_POSITION,
  OBS_SIZE,
  OBS_TIME_IN_POSITION,
  OBS_UNREALIZED_PNL,
  type SeriesWindow,
} from '../../src/core/sim/training-series.js';
import { openSimFixture, SPLIT, storeLeanMinutes, type SimFixture } from '../helpers/sim-fixtures.js';

let fixture: SimFixture;
let btc: SeriesSplit;
let aapl: SeriesSplit;
let spy: SeriesSplit;

beforeAll(async () => {
  fixture = openSimFixture(['BTCUSDT', 'AAPL']);
  btc = await fixture.load('BTCUSDT');
  aapl = await fixture.load('AAPL');
  spy = await loadTrainingSeries(fixture.db, storeLeanMinutes(fixture, 'spy'), { ...SPLIT, purgeBars: 30 });
}, 60_000);

afterAll(() => fixture?.close());

const config = (overrides: Partial<EnvConfig> = {}, delayBars = 0): EnvConfig => ({
  ...defaultEnvConfig,
  costs: { ...defaultEnvConfig.costs, delayBars },
  ...overrides,
});

const totalReturn = (trace: PositionTrace) => trace.netReturns.reduce((equity, r) => equity * (1 + r), 1) - 1;

function entryCost(window: SeriesWindow, bar: number, cfg: EnvConfig): number {
  const s = window.series;
  const { commission, slippageBps, slippageVolFactor } = cfg.costs;
  return commission + slippageBps / 1e4 + slippageVolFactor * (s.atr[bar] / s.close[bar]);
}

describe('runFixedPosition', () => {
  it("buy and hold returns the close ratio minus the entry cost (through BTCUSDT's outages, over AAPL's nights)", () => {
    const cfg = config();
    for (const w of [btc.train, btc.test, aapl.train, aapl.test]) {
      const s = w.series;
      const trace = runFixedPosition(w, 1, cfg);
      const fee = entryCost(w, w.start, cfg);
      expect(trace.positions.length).toBe(w.end - w.start - 1);
      expect(trace.positions.every((p) => p === 1)).toBe(true);
      expect(trace.trades).toBe(1);
      expect(trace.fees[0]).toBeCloseTo(fee, 15);
      expect(trace.fees.subarray(1).every((f) => f === 0)).toBe(true);
      const expected = (1 - fee) * (s.close[w.end - 1] / s.close[w.start]) - 1;
      expect(totalReturn(trace)).toBeCloseTo(expected, 10);
    }
  });

  it('enters a bar later with a one-bar delay, and flat earns and pays nothing', () => {
    const cfg = config({}, 1);
    const w = btc.test;
    const s = w.series;
    const trace = runFixedPosition(w, 1, cfg);
    expect(trace.positions[0]).toBe(0);
    expect(trace.positions[1]).toBe(1);
    const fee = entryCost(w, w.start + 1, cfg);
    expect(totalReturn(trace)).toBeCloseTo((1 - fee) * (s.close[w.end - 1] / s.close[w.start + 1]) - 1, 10);
    const flat = runFixedPosition(w, 0, cfg);
    expect(flat.trades).toBe(0);
    expect(flat.netReturns.every((r) => r === 0)).toBe(true);
    expect(flat.fees.every((f) => f === 0)).toBe(true);
  });

  it('holds a short on crypto but stays flat on a stock when shorting stocks is off', () => {
    const cfg = config({ allowShortStocks: false });
    const stock = runFixedPosition(aapl.test, -1, cfg);
    expect(stock.trades).toBe(0);
    expect(stock.positions.every((p) => p === 0)).toBe(true);
    const crypto = runFixedPosition(btc.test, -1, cfg);
    expect(crypto.positions.every((p) => p === -1)).toBe(true);
  });
});

describe('runPolicyDeterministic', () => {
  it('walks every window once, all together, one act call per step for the windows still running', async () => {
    const windows = [btc.test, aapl.test, btc.validation];
    const lengths = windows.map((w) => w.end - w.start - 1);
    const calls: number[] = [];
    const cfg = config();
    const traces = await runPolicyDeterministic(
      windows,
      (obs, n) => {
        calls.push(n);
        expect(obs.length).toBe(n * OBS_SIZE);
        // After the first step every running window is long, and its observation says so.
        if (calls.length > 1) for (let r = 0; r < n; r++) expect(obs[r * OBS_SIZE + OBS_POSITION]).toBe(1);
        return new Int32Array(n).fill(2);
      },
      cfg,
    );
    expect(calls.length).toBe(Math.max(...lengths));
    for (let step = 0; step < calls.length; step++)
      expect(calls[step]).toBe(lengths.filter((l) => l > step).length);
    // An always-long policy is buy and hold.
    traces.forEach((trace, k) => {
      const hold = runFixedPosition(windows[k], 1, cfg);
      expect(trace.window).toBe(windows[k]);
      expect(trace.positions).toEqual(hold.positions);
      expect(trace.netReturns).toEqual(hold.netReturns);
      expect(trace.fees).toEqual(hold.fees);
    });
  });

  it('gives each window the observation of its own bar with its position, as the env does', async () => {
    const w = btc.test;
    const seen: Float32Array[] = [];
    let step = 0;
    const [trace] = await runPolicyDeterministic(
      [w],
      (obs) => {
        seen.push(obs.slice(0, OBS_SIZE));
        return Int32Array.of(step++ % 10 < 5 ? 2 : 0);
      },
      config(),
    );
    for (let j = 1; j < seen.length; j++) {
      expect(seen[j][OBS_POSITION]).toBe(trace.positions[j - 1]);
      // Apart from the position slots the row is the series' own.
      const row = w.series.obs.subarray((w.start + j) * OBS_SIZE, (w.start + j + 1) * OBS_SIZE);
      for (let k = 0; k < OBS_SIZE; k++)
        if (k !== OBS_POSITION && k !== OBS_UNREALIZED_PNL && k !== OBS_TIME_IN_POSITION)
          expect(seen[j][k]).toBe(row[k]);
    }
    // Flips every 5 bars: long → short is one trade costing two units.
    expect(trace.trades).toBe(Math.ceil(trace.positions.length / 5));
    const flip = 5;
    expect(trace.fees[flip]).toBeCloseTo(2 * entryCost(w, w.start + flip, config()), 15);
  });

  it('keeps the position while the stock market is closed (SPY minutes)', async () => {
    const windows = [spy.train, spy.validation, spy.test];
    const traces = await runPolicyDeterministic(
      windows,
      (obs, n) => Int32Array.from({ length: n }, (_, r) => (obs[r * OBS_SIZE + OBS_POSITION] === 1 ? 0 : 2)),
      config(),
    );
    let closedBars = 0;
    let openChanges = 0;
    traces.forEach((trace) => {
      const { series: s, start } = trace.window;
      let changes = 0;
      for (let j = 0; j < trace.positions.length; j++) {
        const previous = j === 0 ? 0 : trace.positions[j - 1];
        if (trace.positions[j] === previous) continue;
        changes++;
        expect(s.marketOpen[start + j]).toBe(1);
        openChanges++;
      }
      for (let j = 0; j < trace.positions.length; j++) closedBars += 1 - s.marketOpen[start + j];
      expect(trace.trades).toBe(changes);
    });
    expect(closedBars).toBeGreaterThan(500);
    expect(openChanges).toBeGreaterThan(1000);
  });
});
