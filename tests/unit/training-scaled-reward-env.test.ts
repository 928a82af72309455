import { describe, expect, it } from 'vitest';
import type { VecEnv } from '../../src/core/sim/vec-env.js';
import { ScaledRewardEnv } from '../../src/core/training/scaled-reward-env.js';

/** A two-env stand-in with fixed rewards: the wrapper's arithmetic, not the market, is under test. */
function fakeEnv(): VecEnv {
  const obs = new Float32Array(2 * 53);
  const rewards = Float32Array.from([150, -20]);
  const dones = Uint8Array.from([0, 1]);
  return {
    numEnvs: 2,
    obs,
    reset: () => obs,
    step: () => ({ obs, rewards, dones }),
    drainEpisodeStats: () => ({ episodes: 1, meanReward: -1234, meanLength: 7 }),
  } as unknown as VecEnv;
}

describe('ScaledRewardEnv', () => {
  it('scales rewards only, passes observations, dones and unscaled episode statistics through', () => {
    const env = fakeEnv();
    const scaled = new ScaledRewardEnv(env, 0.01);
    expect(scaled.numEnvs).toBe(2);
    expect(scaled.obs).toBe(env.obs);
    expect(scaled.reset()).toBe(env.obs);
    const step = scaled.step(new Int32Array(2));
    expect(Array.from(step.rewards)).toEqual([Math.fround(1.5), Math.fround(-0.2)]);
    expect(Array.from(step.dones)).toEqual([0, 1]);
    expect(step.obs).toBe(env.obs);
    expect(scaled.drainEpisodeStats()).toEqual({ episodes: 1, meanReward: -1234, meanLength: 7 });
  });

  it('refuses a scale that is not a positive number', () => {
    for (const bad of [0, -1, Number.NaN, Infinity])
      expect(() => new ScaledRewardEnv(fakeEnv(), bad)).toThrow(/positive/);
  });
});
