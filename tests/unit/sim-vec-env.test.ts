import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OBSERVATION_FEATURES } from '../../src/core/features/observation/observation-features.js';
import { loadTrainingSeries, type SeriesSplit } from '../../src/core/sim/dataset.js';
import { defaultEnvConfig, type EnvConfig } from '../../src/core/sim/env-config.js';
import { Rng } from '../../src/core/sim/rng.js';
import {
  OBS_POSITION,
  OBS_SIZE,
  OBS_TIME_IN_POSITION,
  OBS_UNREALIZED_PNL,
  type SeriesWindow,
} from '../../src/core/sim/training-series.js';
import { VecEnv } from '../../src/core/sim/vec-env.js';
import { loadBinanceSeries } from '../helpers/real-series.js';
import { openSimFixture, storeLeanMinutes, type SimFixture } from '../helpers/sim-fixtures.js';

const HOUR = 3_600_000;

let fixture: SimFixture;
let btc: SeriesSplit;
let eth: SeriesSplit;
let aapl: SeriesSplit;
let spy: SeriesSplit;

beforeAll(async () => {
  fixture = openSimFixture();
  btc = await fixture.load('BTCUSDT');
  eth = await fixture.load('ETHUSDT');
  aapl = await fixture.load('AAPL');
  const spyRef = storeLeanMinutes(fixture, 'spy');
  spy = await loadTrainingSeries(fixture.db, spyRef, {
    holdoutFraction: 0.2,
    validationFraction: 0.1,
    purgeBars: 30,
  });
}, 60_000);

afterAll(() => fixture?.close());

const config = (overrides: Partial<EnvConfig> = {}): EnvConfig => ({ ...defaultEnvConfig, ...overrides });

/** The three position slots as observation-features.ts computes them (value, fill, clip). */
function positionSlots(close: number, atr: number, position: number, entryPrice: number, bars: number) {
  const bar = { close, atr_14: atr } as never;
  const state = { position, entryPrice, barsInPosition: bars };
  return [OBS_POSITION, OBS_UNREALIZED_PNL, OBS_TIME_IN_POSITION].map((slot) => {
    const f = OBSERVATION_FEATURES[slot];
    let v = f.value(bar, state, { market: 'stock', stats: {} as never });
    if (!Number.isFinite(v)) v = f.fill;
    return Math.fround(Math.min(f.range[1], Math.max(f.range[0], v)));
  });
}

/**
 * A plain re-implementation of one env's rules (delay, market hours, short rule, costs, entry
 * price), fed the same actions: every reward, position and observation of the VecEnv must match it.
 */
class ReferenceEpisode {
  targets: number[] = [];
  position = 0;
  entryPrice = Number.NaN;
  openBar = 0;
  constructor(
    readonly state: ReturnType<VecEnv['envState']>,
    readonly allowShortStocks: boolean,
  ) {
    this.openBar = state.bar;
  }
}

/** Sticky random actions (each env keeps its last one 80% of the time), so positions are held a while. */
function randomActions(rng: Rng, n: number, out?: Int32Array): Int32Array {
  if (!out) return Int32Array.from({ length: n }, () => rng.int(3));
  for (let k = 0; k < n; k++) if (rng.next() < 0.2) out[k] = rng.int(3);
  return out;
}

describe('VecEnv rewards and costs', () => {
  it('charges costs exactly on the steps where the position changes, and every reward follows the formula', () => {
    const windows = [btc.train, eth.train, aapl.train];
    const cfg = config({ episodeBars: 200, allowShortStocks: false });
    const env = new VecEnv(windows, 24, cfg, new Rng(11));
    const actRng = new Rng(5);
    const refs = Array.from({ length: env.numEnvs }, (_, k) => new ReferenceEpisode(env.envState(k), false));
    const actions = randomActions(actRng, env.numEnvs);
    let changes = 0;
    let holds = 0;
    const delays = new Set<number>();
    // Mismatches are collected and asserted once (an expect per value would take minutes).
    const failures: string[] = [];
    const check = (ok: boolean, what: () => string) => {
      if (!ok && failures.length < 20) failures.push(what());
    };
    for (let step = 0; step < 3000; step++) {
      randomActions(actRng, env.numEnvs, actions);
      const { obs, rewards, dones } = env.step(actions);
      for (let k = 0; k < env.numEnvs; k++) {
        const ref = refs[k];
        const { window, bar: t, commission, slippage, delay } = ref.state;
        const s = window.series;
        const where = `step ${step} env ${k} ${s.symbol} bar ${t}`;
        delays.add(delay);
        let target = actions[k] - 1;
        if (target < 0 && s.market === 'stock') target = 0;
        ref.targets.push(target);
        const i = ref.targets.length - 1;
        const due = i >= delay ? ref.targets[i - delay] : 0;
        const previous = ref.position;
        const held = s.marketOpen[t] === 1 ? due : previous;
        const change = Math.abs(held - previous);
        const cost = change * (commission + slippage + cfg.costs.slippageVolFactor * (s.atr[t] / s.close[t]));
        const scale = 100 / s.sigma;
        // The cost the env charged, recovered from its reward (float32 rounding allowed).
        const charged = s.nextLogReturn[t] * held - rewards[k] / scale;
        const tolerance = (1e-7 * Math.max(1, Math.abs(rewards[k]))) / scale;
        if (change === 0) {
          holds++;
          check(
            Math.abs(charged) < tolerance,
            () => `${where}: charged ${charged} without a position change`,
          );
        } else {
          changes++;
          check(cost > 0, () => `${where}: the reference cost is ${cost}`);
          check(Math.abs(charged - cost) < tolerance, () => `${where}: charged ${charged}, expected ${cost}`);
        }
        if (held !== previous && held !== 0) {
          ref.entryPrice = s.close[t];
          ref.openBar = t;
        }
        ref.position = held;
        if (dones[k] === 1) {
          check(
            t === ref.state.lastBar,
            () => `${where}: done before the episode's last bar ${ref.state.lastBar}`,
          );
          refs[k] = new ReferenceEpisode(env.envState(k), false);
          continue;
        }
        const now = env.envState(k);
        check(
          now.bar === t + 1 && now.position === held,
          () => `${where}: now at bar ${now.bar} holding ${now.position}, expected ${held}`,
        );
        // The observation: the series row of bar t+1 with the three position slots written.
        const row = obs.subarray(k * OBS_SIZE, (k + 1) * OBS_SIZE);
        const slots = positionSlots(s.close[t + 1], s.atr[t + 1], held, ref.entryPrice, t + 1 - ref.openBar);
        for (let j = 0; j < OBS_SIZE; j++) {
          const expected =
            j === OBS_POSITION
              ? slots[0]
              : j === OBS_UNREALIZED_PNL
                ? slots[1]
                : j === OBS_TIME_IN_POSITION
                  ? slots[2]
                  : s.obs[(t + 1) * OBS_SIZE + j];
          check(
            Math.abs(row[j] - expected) <= 1e-6 * Math.max(1, Math.abs(expected)),
            () => `${where}: obs[${j}] ${row[j]}, expected ${expected}`,
          );
        }
        ref.state.bar = t + 1;
      }
    }
    expect(failures).toEqual([]);
    expect(changes).toBeGreaterThan(1000);
    expect(holds).toBeGreaterThan(10_000);
    // Randomisation drew both delays around the default 0 (clipped at 0).
    expect([...delays].sort()).toEqual([0, 1]);
  });

  it('draws per-episode costs inside the randomisation ranges and keeps them fixed without it', () => {
    const rand = new VecEnv([btc.train, aapl.train], 400, config(), new Rng(3));
    const commissions = new Set<number>();
    for (let k = 0; k < rand.numEnvs; k++) {
      const st = rand.envState(k);
      expect(st.commission).toBeGreaterThanOrEqual(0);
      expect(st.commission).toBeLessThanOrEqual(0.002);
      expect(st.slippage).toBeGreaterThanOrEqual(0);
      expect(st.slippage).toBeLessThanOrEqual(1e-4 + 5e-4);
      expect([0, 1]).toContain(st.delay);
      commissions.add(st.commission);
    }
    expect(commissions.size).toBeGreaterThan(300);
    const fixed = new VecEnv([btc.train], 50, config({ randomize: null }), new Rng(3));
    for (let k = 0; k < fixed.numEnvs; k++) {
      expect(fixed.envState(k)).toMatchObject({ commission: 0.001, slippage: 1e-4, delay: 0 });
    }
  });

  it('with allowShortStocks false never holds a stock short, while crypto goes short', () => {
    const env = new VecEnv(
      [btc.train, aapl.train],
      32,
      config({ cryptoShare: 0.5, allowShortStocks: false }),
      new Rng(9),
    );
    const shortStock = new Int32Array(env.numEnvs); // all short
    let cryptoShort = 0;
    for (let step = 0; step < 500; step++) {
      env.step(shortStock);
      for (let k = 0; k < env.numEnvs; k++) {
        const st = env.envState(k);
        if (st.window.series.market === 'stock') expect(st.position).toBe(0);
        else if (st.position === -1) cryptoShort++;
      }
    }
    expect(cryptoShort).toBeGreaterThan(1000);
  });
});

describe('VecEnv market hours', () => {
  it('never changes a position while the stock market is closed (SPY minutes with pre-market and after hours)', () => {
    const windows: SeriesWindow[] = [spy.train, spy.validation, spy.test];
    const s = spy.series;
    let closedBars = 0;
    for (let i = 0; i < s.time.length; i++) closedBars += s.marketOpen[i] === 0 ? 1 : 0;
    expect(closedBars).toBeGreaterThan(1000);
    const env = new VecEnv(windows, 32, config({ episodeBars: 600 }), new Rng(21));
    const actions = new Int32Array(env.numEnvs);
    let closedSteps = 0;
    let closedWanted = 0;
    let openChanges = 0;
    for (let step = 0; step < 4000; step++) {
      const before = Array.from({ length: env.numEnvs }, (_, k) => env.envState(k));
      // Flip every step: a change is wanted at every bar.
      for (let k = 0; k < env.numEnvs; k++) actions[k] = before[k].position === 1 ? 0 : 2;
      const { dones } = env.step(actions);
      for (let k = 0; k < env.numEnvs; k++) {
        if (dones[k] === 1) continue;
        const b = before[k];
        const after = env.envState(k);
        if (s.marketOpen[b.bar] === 0) {
          closedSteps++;
          if (b.delay === 0) closedWanted++;
          expect(after.position).toBe(b.position);
        } else if (after.position !== b.position) openChanges++;
      }
    }
    expect(closedSteps).toBeGreaterThan(5000);
    expect(closedWanted).toBeGreaterThan(2000);
    expect(openChanges).toBeGreaterThan(5000);
  });
});

describe('VecEnv episodes', () => {
  it('ends episodes at the real BTCUSDT 2021 outages and never steps across one', () => {
    // The outages, from the raw exchange files (not from the loader's segment ends).
    const raw = loadBinanceSeries('BTCUSDT', '1h', { months: /2021-/ });
    const outagesAfter = new Set<number>();
    for (let i = 0; i + 1 < raw.time.length; i++)
      if (raw.time[i + 1] - raw.time[i] > HOUR) outagesAfter.add(raw.time[i]);
    const s = btc.series;
    const w = btc.train;
    const inWindow = [...outagesAfter].filter((t) => t >= s.time[w.start] && t < s.time[w.end - 1]);
    expect(inWindow.length).toBeGreaterThanOrEqual(4);

    const env = new VecEnv([w], 8, config({ episodeBars: 100_000, randomize: null }), new Rng(4));
    const actions = new Int32Array(env.numEnvs).fill(2);
    const endedAt = new Set<number>();
    let steps = 0;
    while (endedAt.size < inWindow.length + 1 && steps < 400_000) {
      const before = Array.from({ length: env.numEnvs }, (_, k) => env.envState(k).bar);
      const { dones } = env.step(actions);
      steps += env.numEnvs;
      for (let k = 0; k < env.numEnvs; k++) {
        const t = before[k];
        if (dones[k] === 0) {
          expect(s.time[env.envState(k).bar] - s.time[t]).toBe(HOUR);
          continue;
        }
        // The last decision earns bar t → t+1; bar t+1 is the last before an outage or the window end.
        const last = t + 1;
        expect(last === w.end - 1 || outagesAfter.has(s.time[last])).toBe(true);
        endedAt.add(last === w.end - 1 ? -1 : s.time[last]);
      }
    }
    for (const t of inWindow)
      expect(endedAt.has(t), `an episode ends at the outage after ${new Date(t).toISOString()}`).toBe(true);
  });

  it('caps episodes at episodeBars and reports episode statistics', () => {
    const env = new VecEnv([btc.train], 4, config({ episodeBars: 50 }), new Rng(1));
    const actions = new Int32Array(4).fill(1);
    for (let i = 0; i < 500; i++) env.step(actions);
    const stats = env.drainEpisodeStats();
    expect(stats.episodes).toBeGreaterThanOrEqual(40);
    expect(stats.meanLength).toBeLessThanOrEqual(50);
    expect(stats.meanLength).toBeGreaterThan(40);
    // Flat all the time: no cost, no return.
    expect(stats.meanReward).toBe(0);
    expect(env.drainEpisodeStats().episodes).toBe(0);
  });

  it('draws episodes from crypto and stock windows by cryptoShare, falling back when a group is empty', () => {
    const env = new VecEnv(
      [btc.train, eth.train, aapl.train],
      1000,
      config({ cryptoShare: 0.7 }),
      new Rng(8),
    );
    let crypto = 0;
    for (let round = 0; round < 4; round++) {
      env.reset();
      for (let k = 0; k < env.numEnvs; k++)
        crypto += env.envState(k).window.series.market === 'stock' ? 0 : 1;
    }
    expect(crypto / 4000).toBeGreaterThan(0.67);
    expect(crypto / 4000).toBeLessThan(0.73);
    const stocksOnly = new VecEnv([aapl.train], 10, config({ cryptoShare: 1 }), new Rng(8));
    for (let k = 0; k < 10; k++) expect(stocksOnly.envState(k).window.series.symbol).toBe('AAPL');
  });
});

describe('VecEnv seeding', () => {
  function trajectory(seed: number, steps = 400, rngState?: number) {
    const env = new VecEnv([btc.train, aapl.train], 16, config({ episodeBars: 64 }), new Rng(seed));
    if (rngState !== undefined) {
      env.rngState = rngState;
      env.reset();
    }
    const actRng = new Rng(1234);
    const actions = randomActions(actRng, env.numEnvs);
    const obs: number[] = [];
    const rewards: number[] = [];
    const dones: number[] = [];
    for (let i = 0; i < steps; i++) {
      randomActions(actRng, env.numEnvs, actions);
      const r = env.step(actions);
      for (let j = 0; j < r.obs.length; j += 7) obs.push(r.obs[j]);
      rewards.push(...r.rewards);
      dones.push(...r.dones);
    }
    return { obs, rewards, dones };
  }

  it('repeats trajectories with the same seed and differs with another', () => {
    const a = trajectory(42);
    const b = trajectory(42);
    const c = trajectory(43);
    expect(b.obs).toEqual(a.obs);
    expect(b.rewards).toEqual(a.rewards);
    expect(b.dones).toEqual(a.dones);
    expect(c.rewards).not.toEqual(a.rewards);
    expect(c.obs).not.toEqual(a.obs);
  });

  it('repeats episodes after restoring the generator state (checkpoint resume)', () => {
    const a = trajectory(1, 200, 987654);
    const b = trajectory(2, 200, 987654);
    expect(b.rewards).toEqual(a.rewards);
    expect(b.obs).toEqual(a.obs);
  });
});
