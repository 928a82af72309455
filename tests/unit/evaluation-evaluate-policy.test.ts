import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { OBSERVATION_FEATURES } from '../../src/core/features/observation/observation-features.js';
import {
  evaluatePolicy,
  validationSharpe,
  type PolicyAct,
} from '../../src/core/evaluation/evaluate-policy.js';
import { barsPerYear } from '../../src/core/evaluation/bars-per-year.js';
import { performanceStats } from '../../src/core/evaluation/performance-stats.js';
import type { SeriesSplit } from '../../src/core/sim/dataset.js';
import { runPolicyDeterministic } from '../../src/core/sim/deterministic-run.js';
import { defaultEnvConfig, type EnvConfig } from '../../src/core/sim/env-config.js';
import { OBS_SIZE, type SeriesWindow } from '../../src/core/sim/training-series.js';
import { openSimFixture, type SimFixture } from '../helpers/sim-fixtures.js';

// Real BTCUSDT / ETHUSDT 1h 2021 and AAPL 1h (yfinance) loaded by the simulator's own loader; the
// hold-out (test) windows are the last 20% of each series.
let fixture: SimFixture;
let btc: SeriesSplit;
let eth: SeriesSplit;
let aapl: SeriesSplit;

beforeAll(async () => {
  fixture = openSimFixture();
  btc = await fixture.load('BTCUSDT');
  eth = await fixture.load('ETHUSDT');
  aapl = await fixture.load('AAPL');
}, 60_000);

afterAll(() => fixture?.close());

/** Evaluation costs: the defaults, with randomisation on (evaluation must switch it off itself). */
const config: EnvConfig = { ...defaultEnvConfig };

const EMA_TREND = OBSERVATION_FEATURES.findIndex((f) => f.name === 'ema_10_50_atr');

/** Long above the 50-bar EMA trend, short below, flat when exactly on it (a real, observable rule). */
const trendPolicy: PolicyAct = (obs, n) => {
  const actions = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const v = obs[r * OBS_SIZE + EMA_TREND];
    actions[r] = v > 0 ? 2 : v < 0 ? 0 : 1;
  }
  return actions;
};
const always =
  (action: number): PolicyAct =>
  (_obs, n) =>
    new Int32Array(n).fill(action);

/** Cost of one unit of position change at bar t with the default costs (commission + slippage). */
function unitCostAt(window: SeriesWindow, t: number): number {
  const { costs } = defaultEnvConfig;
  const s = window.series;
  return costs.commission + costs.slippageBps / 1e4 + (costs.slippageVolFactor * s.atr[t]) / s.close[t];
}

describe('evaluatePolicy', () => {
  test('buy-and-hold returns the close ratio after the entry cost; flat is all zeros', async () => {
    const evaluation = await evaluatePolicy([btc.test, aapl.test], trendPolicy, config);
    for (const [k, window] of [btc.test, aapl.test].entries()) {
      const { series, start, end } = window;
      // The entry is the first bar whose market is open (crypto: the first bar).
      let entry = start;
      while (series.marketOpen[entry] !== 1) entry++;
      const expected = (1 - unitCostAt(window, entry)) * (series.close[end - 1] / series.close[entry]) - 1;
      const result = evaluation.series[k];
      expect(result.symbol).toBe(series.symbol);
      expect(result.buyAndHold.totalReturn).toBeCloseTo(expected, 10);
      expect(result.buyAndHold.trades).toBe(1);
      expect(result.buyAndHold.feesPaid).toBeCloseTo(unitCostAt(window, entry), 14);
      expect(result.buyAndHold.bars).toBe(end - start - 1);
      expect(result.flat).toEqual({
        totalReturn: 0,
        sharpe: 0,
        sortino: 0,
        maxDrawdown: 0,
        trades: 0,
        feesPaid: 0,
        exposure: 0,
        bars: end - start - 1,
      });
      expect(result.from).toBe(series.time[start]);
      expect(result.to).toBe(series.time[end - 1] + 3_600_000);
    }
    expect(evaluation.series[0].buyAndHold.exposure).toBe(1);
  });

  test('a policy that always goes long is buy-and-hold', async () => {
    const evaluation = await evaluatePolicy([btc.test, eth.test], always(2), config);
    for (const result of evaluation.series) {
      expect(result.policy).toEqual(result.buyAndHold);
    }
    expect(evaluation.overall.policy).toEqual(evaluation.overall.buyAndHold);
  });

  test("the policy's stats are its trace's: equity by hand, trades and exposure from the positions", async () => {
    const evaluation = await evaluatePolicy([eth.test], trendPolicy, config);
    const [trace] = await runPolicyDeterministic([eth.test], trendPolicy, { ...config, randomize: null });
    const { close } = eth.series;
    const start = eth.test.start;
    let equity = 1;
    let peak = 1;
    let worstFall = 0;
    let fees = 0;
    let changes = 0;
    let exposed = 0;
    let held = 0;
    for (let j = 0; j < trace.positions.length; j++) {
      const p = trace.positions[j];
      const fee = p !== held ? Math.abs(p - held) * unitCostAt(eth.test, start + j) : 0;
      if (p !== held) changes++;
      if (p !== 0) exposed++;
      fees += fee * equity;
      equity *= (1 - fee) * (1 + p * (close[start + j + 1] / close[start + j] - 1));
      peak = Math.max(peak, equity);
      worstFall = Math.max(worstFall, 1 - equity / peak);
      held = p;
    }
    const stats = evaluation.series[0].policy;
    expect(stats.trades).toBe(changes);
    expect(stats.trades).toBe(trace.trades);
    expect(stats.trades).toBeGreaterThan(5);
    expect(stats.exposure).toBeCloseTo(exposed / trace.positions.length, 14);
    expect(stats.totalReturn).toBeCloseTo(equity - 1, 10);
    expect(stats.maxDrawdown).toBeCloseTo(worstFall, 10);
    expect(stats.feesPaid).toBeCloseTo(fees, 12);
    expect(stats.sharpe).toBe(performanceStats(trace, barsPerYear('1h', 'crypto-spot')).sharpe);
  });

  test('overall: one crypto window reads as that window; several are an equal-capital portfolio', async () => {
    const single = await evaluatePolicy([btc.test], trendPolicy, config);
    const own = single.series[0].policy;
    const overall = single.overall.policy;
    expect(overall.totalReturn).toBeCloseTo(own.totalReturn, 10);
    expect(overall.maxDrawdown).toBeCloseTo(own.maxDrawdown, 10);
    // The clock is the hourly bar clock; only Binance outages in the window would add empty steps.
    expect(overall.sharpe).toBeCloseTo(own.sharpe, 1);
    expect(overall.trades).toBe(own.trades);

    const windows = [btc.test, eth.test, aapl.test];
    const evaluation = await evaluatePolicy(windows, trendPolicy, config);
    const mean = (pick: (k: number) => number) => (pick(0) + pick(1) + pick(2)) / 3;
    for (const strategy of ['policy', 'buyAndHold'] as const) {
      const parts = evaluation.series.map((s) => s[strategy]);
      const all = evaluation.overall[strategy];
      expect(all.totalReturn).toBeCloseTo(
        mean((k) => parts[k].totalReturn),
        12,
      );
      expect(all.feesPaid).toBeCloseTo(
        mean((k) => parts[k].feesPaid),
        14,
      );
      expect(all.trades).toBe(parts.reduce((a, s) => a + s.trades, 0));
      expect(all.bars).toBe(parts.reduce((a, s) => a + s.bars, 0));
      // Money split across shares never falls further than the worst share did.
      expect(all.maxDrawdown).toBeLessThanOrEqual(Math.max(...parts.map((s) => s.maxDrawdown)) + 1e-12);
      expect(all.maxDrawdown).toBeGreaterThan(0);
    }
    const exposedBars = evaluation.series.reduce(
      (a, s) => a + Math.round(s.policy.exposure * s.policy.bars),
      0,
    );
    expect(evaluation.overall.policy.exposure).toBeCloseTo(exposedBars / evaluation.overall.policy.bars, 12);
    expect(evaluation.overall.flat.totalReturn).toBe(0);
    expect(evaluation.overall.flat.sharpe).toBe(0);
  });

  test('overall Sharpe of a stock alone reads as its own (NYSE-annualised) Sharpe on the calendar clock', async () => {
    const evaluation = await evaluatePolicy([aapl.test], always(2), config);
    const own = evaluation.series[0].buyAndHold;
    const overall = evaluation.overall.buyAndHold;
    // 1,764 bars a year against 8,760 clock hours with nights and weekends at 0: the two agree to
    // within the calendar's irregularities (holidays, half days, the window's ends).
    expect(Math.abs(overall.sharpe - own.sharpe)).toBeLessThan(0.1 * Math.abs(own.sharpe) + 0.05);
    expect(overall.totalReturn).toBeCloseTo(own.totalReturn, 12);
  });

  test('evaluation ignores cost randomisation: the same call gives the same numbers', async () => {
    const a = await evaluatePolicy([btc.test, aapl.test], trendPolicy, config);
    const b = await evaluatePolicy([btc.test, aapl.test], trendPolicy, { ...config, randomize: null });
    expect(a).toEqual(b);
  });
});

describe('validationSharpe', () => {
  test('is the overall policy Sharpe evaluatePolicy reports', async () => {
    const windows = [btc.validation, eth.validation, aapl.validation];
    const evaluation = await evaluatePolicy(windows, trendPolicy, config);
    const sharpe = await validationSharpe(windows, trendPolicy, config);
    expect(sharpe).toBe(evaluation.overall.policy.sharpe);
    expect(sharpe).not.toBe(0);
    expect(await validationSharpe(windows, always(1), config)).toBe(0);
  });

  test('accepts an async policy (a tfjs forward pass) and asks once per bar step for all windows', async () => {
    let calls = 0;
    const windows = [btc.validation, aapl.validation];
    const asyncPolicy: PolicyAct = async (obs, n) => {
      calls++;
      expect(obs.length).toBe(n * OBS_SIZE);
      return trendPolicy(obs, n);
    };
    const sharpe = await validationSharpe(windows, asyncPolicy, config);
    expect(sharpe).toBe(await validationSharpe(windows, trendPolicy, config));
    const longest = Math.max(...windows.map((w) => w.end - w.start - 1));
    expect(calls).toBe(longest);
  });
});
