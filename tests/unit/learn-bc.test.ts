import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/core/compute/tfjs.js';
import { trainBehaviorCloning, type BehaviorCloningProgress } from '../../src/core/learn/behavior-cloning.js';
import { PolicyNetwork } from '../../src/core/learn/policy-network.js';
import { defaultPolicySpec } from '../../src/core/learn/policy-spec.js';
import { defaultEnvConfig } from '../../src/core/sim/env-config.js';
import { DEFAULT_ORACLE_HORIZON } from '../../src/core/sim/hindsight-oracle.js';
import { bcDataset } from '../../src/core/training/bc-dataset.js';
import { Rng } from '../../src/core/sim/rng.js';
import { openSimFixture } from '../helpers/sim-fixtures.js';

const spec = defaultPolicySpec;

/**
 * Labels from a rule on two observation values that differs by market (so both heads must
 * learn): stock: long above +0.3 on slot 0, short below −0.3, else flat; crypto: the same on slot
 * 1 with the sides swapped.
 */
function labelled(n: number, seed: number): { obs: Float32Array; actions: Int32Array; n: number } {
  const rng = new Rng(seed);
  const obs = new Float32Array(n * spec.obsSize);
  const actions = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const row = i * spec.obsSize;
    for (let f = 0; f < spec.obsSize; f++) obs[row + f] = rng.normal();
    const crypto = rng.int(2);
    obs[row + spec.marketTypeIndex] = crypto;
    const x = crypto ? -obs[row + 1] : obs[row];
    actions[i] = x > 0.3 ? 2 : x < -0.3 ? 0 : 1;
  }
  return { obs, actions, n };
}

async function agreement(
  network: PolicyNetwork,
  data: { obs: Float32Array; actions: Int32Array; n: number },
) {
  const { logits } = await network.predict(data.obs, data.n);
  let right = 0;
  for (let i = 0; i < data.n; i++) {
    let best = 0;
    for (let k = 1; k < spec.actions; k++)
      if (logits[i * spec.actions + k] > logits[i * spec.actions + best]) best = k;
    if (best === data.actions[i]) right++;
  }
  return right / data.n;
}

describe('behaviour cloning', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });

  it('reaches ≥ 95% agreement with the labels, on the data and on held-out samples of the same rule', async () => {
    const train = labelled(4096, 1);
    const heldOut = labelled(2000, 2);
    const network = new PolicyNetwork(spec, new Rng(3));
    const before = await agreement(network, train);
    const reports: BehaviorCloningProgress[] = [];
    const result = await trainBehaviorCloning(
      network,
      train,
      { steps: 600, batchSize: 256, learningRate: 3e-3 },
      new Rng(4),
      (p) => {
        reports.push(p);
      },
    );
    expect(result.steps).toBe(600);
    expect(before).toBeLessThan(0.6);
    expect(await agreement(network, train)).toBeGreaterThanOrEqual(0.95);
    expect(await agreement(network, heldOut)).toBeGreaterThanOrEqual(0.9);
    // Reports every 25 steps, loss falling, accuracy as reported close to the measured one.
    expect(reports.map((r) => r.step)).toEqual(Array.from({ length: 24 }, (_, i) => (i + 1) * 25));
    expect(reports[reports.length - 1].loss).toBeLessThan(reports[0].loss / 3);
    expect(reports[reports.length - 1].accuracy).toBeGreaterThan(0.9);
    expect(result.loss).toBe(reports[reports.length - 1].loss);
    network.dispose();
  });

  it('stops when asked, counts the steps done and is reproducible with a seed', async () => {
    const data = labelled(1000, 5);
    const run = async (stopAt: number) => {
      const network = new PolicyNetwork(spec, new Rng(6));
      let steps = 0;
      const result = await trainBehaviorCloning(
        network,
        data,
        { steps: 100, batchSize: 64, learningRate: 1e-3, progressEvery: 10 },
        new Rng(7),
        (p) => {
          steps = p.step;
        },
        () => steps >= stopAt,
      );
      const weights = Array.from(network.parameters.dataSync());
      network.dispose();
      return { result, weights };
    };
    const a = await run(30);
    const b = await run(30);
    expect(a.result.steps).toBe(30);
    expect(b.weights).toEqual(a.weights);
    const longer = await run(40);
    expect(longer.result.steps).toBe(40);
    expect(longer.weights).not.toEqual(a.weights);
  });

  it('rejects labels outside the action range, naming the sample', async () => {
    const data = labelled(10, 8);
    data.actions[4] = 3;
    const network = new PolicyNetwork(spec, new Rng(9));
    await expect(
      trainBehaviorCloning(network, data, { steps: 1, batchSize: 4, learningRate: 1e-3 }, new Rng(1)),
    ).rejects.toThrow(/action 3 at sample 4/);
    network.dispose();
  });

  it('agrees with the position-aware hindsight oracle on most BC samples of real BTCUSDT and AAPL 1h', async () => {
    const fixture = openSimFixture(['BTCUSDT', 'AAPL']);
    try {
      const windows = [(await fixture.load('BTCUSDT')).train, (await fixture.load('AAPL')).train];
      const { obs, actions, n } = bcDataset(
        windows,
        { horizon: DEFAULT_ORACLE_HORIZON, env: defaultEnvConfig, cryptoShare: 0.5 },
        new Rng(5),
      );
      const counts = [0, 0, 0];
      actions.forEach((a) => counts[a]++);
      const majority = Math.max(...counts) / n;
      const network = new PolicyNetwork(spec, new Rng(1));
      await trainBehaviorCloning(
        network,
        { obs, actions, n },
        { steps: 1500, batchSize: 256, learningRate: 3e-3 },
        new Rng(2),
      );
      // Most labels keep the held position, which the observation carries: far above the majority class.
      const agreed = await agreement(network, { obs, actions, n });
      expect(agreed).toBeGreaterThan(0.85);
      expect(agreed).toBeGreaterThan(majority + 0.3);
      network.dispose();
    } finally {
      fixture.close();
    }
  }, 60_000);
});
