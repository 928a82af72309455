import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/core/compute/tfjs.js';
import { computeGae } from '../../src/core/learn/gae.js';
import { PolicyNetwork } from '../../src/core/learn/policy-network.js';
import { defaultPolicySpec } from '../../src/core/learn/policy-spec.js';
import {
  checkPpoConfig,
  defaultPpoConfig,
  PpoTrainer,
  scheduledLearningRate,
  type PpoConfig,
  type PpoIterationStats,
} from '../../src/core/learn/ppo-trainer.js';
import { Rng } from '../../src/core/sim/rng.js';
import { SignEnv } from '../helpers/learn-toy-env.js';

const spec = defaultPolicySpec;
const ENVS = 32;

const config: PpoConfig = {
  ...defaultPpoConfig,
  rolloutSteps: 16,
  epochs: 4,
  minibatchSize: 128,
  learningRate: 3e-3,
  finalLearningRate: 1e-3,
  entropyCoef: 0.001,
  targetKl: null,
  totalUpdates: 40,
};

const signEnv = (seed: number) => new SignEnv(ENVS, spec.obsSize, spec.marketTypeIndex, seed);

/** Share of probe states where the greedy policy takes the optimal action. */
function optimalShare(network: PolicyNetwork): number {
  const probe = SignEnv.probe(2000, spec.obsSize, spec.marketTypeIndex, 999);
  const { actions } = network.act(probe.obs, 2000, 'greedy', new Rng(0));
  let right = 0;
  for (let i = 0; i < 2000; i++) if (actions[i] === probe.best[i]) right++;
  return right / 2000;
}

function flatWeights(network: PolicyNetwork): number[] {
  return Array.from(network.parameters.dataSync());
}

describe('PPO trainer', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });

  it('solves the sign task: ≥ 90% optimal actions within 30 iterations (seeded)', async () => {
    const network = new PolicyNetwork(spec, new Rng(1));
    const trainer = new PpoTrainer(network, config, new Rng(2));
    const env = signEnv(3);
    const before = optimalShare(network);
    let share = before;
    let iterations = 0;
    const history: PpoIterationStats[] = [];
    while (share < 0.9 && iterations < 30) {
      history.push(await trainer.iterate(env));
      iterations++;
      share = optimalShare(network);
    }
    expect(share, `optimal share after ${iterations} iterations`).toBeGreaterThanOrEqual(0.9);
    // It learned: a near-uniform start, rewards up, stats finite.
    expect(before).toBeLessThan(0.75);
    const last = history[history.length - 1];
    expect(last.meanEpisodeReward).not.toBeNull();
    expect(last.meanEpisodeReward!).toBeGreaterThan(history[0].meanEpisodeReward ?? 0);
    expect(last.envSteps).toBe(ENVS * config.rolloutSteps);
    for (const s of history) {
      for (const key of ['policyLoss', 'valueLoss', 'entropy', 'approxKl', 'clipFraction'] as const) {
        expect(Number.isFinite(s[key]), key).toBe(true);
      }
    }
    expect(history[0].entropy).toBeGreaterThan(last.entropy);
    trainer.dispose();
    network.dispose();
  });

  it('same seed → identical weights and stats after 3 iterations', async () => {
    const run = async () => {
      const network = new PolicyNetwork(spec, new Rng(11));
      const trainer = new PpoTrainer(network, config, new Rng(12));
      const env = signEnv(13);
      const stats: PpoIterationStats[] = [];
      for (let i = 0; i < 3; i++) stats.push(await trainer.iterate(env));
      const weights = flatWeights(network);
      trainer.dispose();
      network.dispose();
      return { weights, stats: stats.map(({ rolloutMs: _r, updateMs: _u, ...rest }) => rest) };
    };
    const a = await run();
    const b = await run();
    expect(b.weights).toEqual(a.weights);
    expect(b.stats).toEqual(a.stats);
    // A different trainer seed gives a different run (so the equality above can fail).
    const network = new PolicyNetwork(spec, new Rng(11));
    const trainer = new PpoTrainer(network, config, new Rng(99));
    const env = signEnv(13);
    for (let i = 0; i < 3; i++) await trainer.iterate(env);
    expect(flatWeights(network)).not.toEqual(a.weights);
    trainer.dispose();
    network.dispose();
  });

  it('getState/setState round trip continues identically', async () => {
    const networkA = new PolicyNetwork(spec, new Rng(21));
    const trainerA = new PpoTrainer(networkA, config, new Rng(22));
    const envA = signEnv(23);
    for (let i = 0; i < 2; i++) await trainerA.iterate(envA);
    const state = trainerA.getState();
    expect(state.updates).toBe(2);
    expect(state.optimizer.step).toBeGreaterThan(0);

    // A different init and seed, then the state: must continue exactly like A.
    const networkB = new PolicyNetwork(spec, new Rng(777));
    const trainerB = new PpoTrainer(networkB, config, new Rng(778));
    trainerB.setState(structuredClone(state));
    trainerA.setState(state); // both restart episodes from a reset env, as a resumed run does
    const strip = ({ rolloutMs: _r, updateMs: _u, ...rest }: PpoIterationStats) => rest;
    const envA2 = signEnv(31);
    const envB2 = signEnv(31);
    for (let i = 0; i < 2; i++) {
      const a = strip(await trainerA.iterate(envA2));
      const b = strip(await trainerB.iterate(envB2));
      expect(b).toEqual(a);
    }
    expect(flatWeights(networkB)).toEqual(flatWeights(networkA));
    trainerA.dispose();
    trainerB.dispose();
    networkA.dispose();
    networkB.dispose();
  });

  it('learning rate goes linearly from learningRate to finalLearningRate over totalUpdates', () => {
    const c = { ...defaultPpoConfig, learningRate: 1e-3, finalLearningRate: 1e-4, totalUpdates: 11 };
    expect(scheduledLearningRate(c, 0)).toBeCloseTo(1e-3, 12);
    expect(scheduledLearningRate(c, 5)).toBeCloseTo(5.5e-4, 12);
    expect(scheduledLearningRate(c, 10)).toBeCloseTo(1e-4, 12);
    expect(scheduledLearningRate(c, 50)).toBeCloseTo(1e-4, 12);
  });

  it('stops the epochs early when the KL exceeds 1.5 × targetKl', async () => {
    const network = new PolicyNetwork(spec, new Rng(41));
    const tiny = { ...config, epochs: 10, learningRate: 3e-2, finalLearningRate: 3e-2, targetKl: 1e-6 };
    const trainer = new PpoTrainer(network, tiny, new Rng(42));
    const env = signEnv(43);
    const stopped = await trainer.iterate(env);
    const fullNetwork = new PolicyNetwork(spec, new Rng(41));
    const full = new PpoTrainer(fullNetwork, { ...tiny, targetKl: null }, new Rng(42));
    const all = await full.iterate(signEnv(43));
    // The early-stopped update ran one epoch: its weights moved less than the ten-epoch one.
    expect(stopped.approxKl).toBeLessThan(all.approxKl);
    expect(flatWeights(network)).not.toEqual(flatWeights(fullNetwork));
    trainer.dispose();
    full.dispose();
    network.dispose();
    fullNetwork.dispose();
  });

  it('rejects bad settings with the setting named', () => {
    expect(() => checkPpoConfig({ ...defaultPpoConfig, minibatchSize: 0 })).toThrow(/minibatchSize/);
    expect(() => checkPpoConfig({ ...defaultPpoConfig, gamma: 1.5 })).toThrow(/gamma/);
    expect(() => checkPpoConfig({ ...defaultPpoConfig, targetKl: 0 })).toThrow(/targetKl/);
  });
});

describe('GAE', () => {
  it('matches a hand computation and does not cross episode ends', () => {
    // 3 steps × 2 envs (index t·2 + e); env 1 ends its episode at step 1.
    const rewards = Float32Array.from([1, 0, 0, 2, 1, 1]);
    const values = Float32Array.from([0.5, 0.1, 0.2, 0.3, 0.4, 0.6]);
    const dones = Uint8Array.from([0, 0, 0, 1, 0, 0]);
    const lastValues = Float32Array.from([1, 2]);
    const adv = new Float32Array(6);
    const ret = new Float32Array(6);
    const g = 0.9;
    const l = 0.8;
    computeGae({ steps: 3, envs: 2, rewards, values, dones, lastValues }, g, l, adv, ret);
    // env 0
    const d02 = 1 + g * 1 - 0.4;
    const d01 = 0 + g * 0.4 - 0.2;
    const d00 = 1 + g * 0.2 - 0.5;
    const a02 = d02;
    const a01 = d01 + g * l * a02;
    const a00 = d00 + g * l * a01;
    // env 1: step 1 ends the episode, so step 1 neither bootstraps nor sees step 2
    const d12 = 1 + g * 2 - 0.6;
    const d11 = 2 - 0.3;
    const d10 = 0 + g * 0.3 - 0.1;
    const a12 = d12;
    const a11 = d11;
    const a10 = d10 + g * l * a11;
    const expected = [a00, a10, a01, a11, a02, a12];
    expected.forEach((e, i) => expect(adv[i]).toBeCloseTo(e, 5));
    expected.forEach((e, i) => expect(ret[i]).toBeCloseTo(e + values[i], 5));
  });
});
