import { describe, expect, it } from 'vitest';
import { DEFAULT_ORACLE_HORIZON } from '../../src/core/sim/hindsight-oracle.js';
import { defaultEnvConfig } from '../../src/core/sim/env-config.js';
import {
  estimateSeconds,
  expectedTrainBars,
  ppoUpdatesPerIteration,
  PURGE_BARS,
  resolveSplits,
  resolveTrainingConfig,
  seedForRun,
} from '../../src/core/training/presets.js';

const both = { crypto: true, stock: true };

describe('training presets', () => {
  it('Quick scales BC steps and PPO env steps with the training bars, within its bounds', () => {
    const small = resolveTrainingConfig({ preset: 'quick', seed: 1, trainBars: 3_000, markets: both });
    const large = resolveTrainingConfig({ preset: 'quick', seed: 1, trainBars: 15_000, markets: both });
    const huge = resolveTrainingConfig({ preset: 'quick', seed: 1, trainBars: 10_000_000, markets: both });
    expect(large.schedule.bcSteps).toBeGreaterThan(small.schedule.bcSteps);
    expect(large.schedule.ppoEnvSteps).toBeGreaterThan(small.schedule.ppoEnvSteps);
    // Capped: a big data dir does not make Quick slow.
    expect(huge.schedule.bcSteps).toBe(1_500);
    expect(huge.schedule.ppoEnvSteps).toBeLessThanOrEqual(1_048_576);
    // A few minutes at most on a laptop CPU, and well under one for a few thousand bars.
    expect(estimateSeconds(huge.schedule)).toBeLessThan(180);
    expect(estimateSeconds(small.schedule)).toBeLessThan(60);
  });

  it('PPO env steps are whole iterations of numEnvs × rolloutSteps', () => {
    const c = resolveTrainingConfig({ preset: 'quick', seed: 1, trainBars: 7_777, markets: both });
    const perIteration = c.schedule.numEnvs * c.schedule.rolloutSteps;
    expect(c.schedule.ppoEnvSteps).toBe(c.schedule.ppoIterations * perIteration);
    expect(c.ppo.rolloutSteps).toBe(c.schedule.rolloutSteps);
    // The learning-rate schedule spans the PPO iterations.
    expect(c.ppo.totalUpdates).toBe(c.schedule.ppoIterations);
    expect(c.schedule.finetuneUpdates).toBe(
      c.schedule.finetuneIterations * ppoUpdatesPerIteration(c.ppo, perIteration),
    );
  });

  it("Full follows the brief's schedule: BC 5k–10k, PPO 10M–20M env steps, finetune 2k–5k updates", () => {
    for (const trainBars of [2_000, 60_000, 5_000_000]) {
      const { schedule } = resolveTrainingConfig({ preset: 'full', seed: 1, trainBars, markets: both });
      expect(schedule.bcSteps).toBeGreaterThanOrEqual(5_000);
      expect(schedule.bcSteps).toBeLessThanOrEqual(10_000);
      const perIteration = schedule.numEnvs * schedule.rolloutSteps;
      expect(schedule.ppoEnvSteps).toBeGreaterThanOrEqual(10_000_000 - perIteration);
      expect(schedule.ppoEnvSteps).toBeLessThanOrEqual(20_000_000 + perIteration);
      const perUpdate = schedule.finetuneUpdates / schedule.finetuneIterations;
      expect(schedule.finetuneUpdates).toBeGreaterThanOrEqual(2_000 - perUpdate);
      expect(schedule.finetuneUpdates).toBeLessThanOrEqual(5_000 + perUpdate);
    }
  });

  it("uses the brief's blends and skips the finetune without both markets", () => {
    const c = resolveTrainingConfig({ preset: 'quick', seed: 1, trainBars: 5_000, markets: both });
    expect(c.blends).toEqual({ bc: 0.5, ppo: 0.7, finetune: 0.3 });
    expect(c.schedule.finetuneIterations).toBeGreaterThan(0);

    const cryptoOnly = resolveTrainingConfig({
      preset: 'quick',
      seed: 1,
      trainBars: 5_000,
      markets: { crypto: true, stock: false },
    });
    expect(cryptoOnly.blends).toEqual({ bc: 1, ppo: 1, finetune: 1 });
    expect(cryptoOnly.schedule.finetuneIterations).toBe(0);
    expect(cryptoOnly.schedule.finetuneUpdates).toBe(0);

    const stockOnly = resolveTrainingConfig({
      preset: 'quick',
      seed: 1,
      trainBars: 5_000,
      markets: { crypto: false, stock: true },
    });
    expect(stockOnly.blends).toEqual({ bc: 0, ppo: 0, finetune: 0 });
    expect(stockOnly.schedule.finetuneIterations).toBe(0);
  });

  it('environment defaults: 0.1% commission, slippage, delay, randomised fees ±0.1%, slippage ±0.05%, delay ±1 bar', () => {
    const { env } = resolveTrainingConfig({ preset: 'quick', seed: 1, trainBars: 5_000, markets: both });
    expect(env.costs.commission).toBe(0.001);
    expect(env.costs.slippageBps).toBeGreaterThan(0);
    expect(env.randomize).toEqual({ commission: 0.001, slippage: 0.0005, delayBars: 1 });
    expect(env).toEqual(defaultEnvConfig);
  });

  it('lets the learner see rewards in units of σ (the env pays × 100 / σ)', () => {
    const c = resolveTrainingConfig({ preset: 'quick', seed: 1, trainBars: 5_000, markets: both });
    expect(c.rewardScale).toBe(0.01);
  });

  it('applies the overrides of a request', () => {
    const c = resolveTrainingConfig({
      preset: 'quick',
      seed: 5,
      trainBars: 5_000,
      markets: both,
      overrides: {
        bcSteps: 10,
        ppoEnvSteps: 8 * 64,
        finetuneUpdates: 0,
        numEnvs: 8,
        rolloutSteps: 64,
        checkpointEvery: 2,
        ppoCryptoShare: 0.5,
        allowShortStocks: false,
        holdoutFraction: 0.3,
      },
    });
    expect(c.seed).toBe(5);
    expect(c.schedule).toMatchObject({
      bcSteps: 10,
      ppoEnvSteps: 512,
      ppoIterations: 1,
      numEnvs: 8,
      rolloutSteps: 64,
      finetuneIterations: 0,
      checkpointEvery: 2,
    });
    expect(c.blends.ppo).toBe(0.5);
    expect(c.env.allowShortStocks).toBe(false);
    expect(c.splits.holdoutFraction).toBe(0.3);
  });

  it('purges at least the oracle look-ahead and a day of hourly bars between windows', () => {
    const splits = resolveSplits();
    expect(splits.purgeBars).toBe(PURGE_BARS);
    expect(splits.purgeBars).toBeGreaterThanOrEqual(DEFAULT_ORACLE_HORIZON);
    expect(splits.holdoutFraction).toBe(0.2);
    expect(expectedTrainBars(10_000, splits)).toBe(7_000 - 2 * splits.purgeBars);
  });

  it('derives a fixed seed per run id, different between runs', () => {
    expect(seedForRun(1)).toBe(seedForRun(1));
    const seeds = new Set(Array.from({ length: 1000 }, (_, i) => seedForRun(i + 1)));
    expect(seeds.size).toBe(1000);
    for (const s of seeds) expect(s).toBeGreaterThanOrEqual(0);
    for (const s of seeds) expect(s).toBeLessThan(2 ** 31);
  });

  it('is plain JSON (stored in training_runs.config)', () => {
    const c = resolveTrainingConfig({ preset: 'full', seed: 1, trainBars: 50_000, markets: both });
    expect(JSON.parse(JSON.stringify(c))).toEqual(c);
  });
});
