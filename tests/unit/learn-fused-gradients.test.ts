import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/core/compute/tfjs.js';
import { FusedPolicyPass, tidyKeep } from '../../src/core/learn/fused-mlp.js';
import { unpackWeights, paramLayout, packWeights } from '../../src/core/learn/param-layout.js';
import { crossEntropyGradients, ppoLossGradients, PPO_STATS } from '../../src/core/learn/ppo-loss.js';
import {
  referencePpoGradients,
  referenceVariables,
  referenceLogitsAndValues,
} from '../../src/core/learn/ppo-autodiff-reference.js';
import { PolicyNetwork } from '../../src/core/learn/policy-network.js';
import {
  defaultPolicySpec,
  policyWeightNames,
  policyWeightShapes,
  referenceForward,
  type PolicySpec,
  type PolicyWeights,
} from '../../src/core/learn/policy-spec.js';
import { Rng } from '../../src/core/sim/rng.js';

/**
 * The hand-written forward/backward pass (fused-mlp.ts + ppo-loss.ts) must give the same
 * gradients as tfjs autodiff on the plainly written loss (ppo-autodiff-reference.ts), on a random
 * batch whose ratios fall on both sides of the clip range, for both backends the product uses
 * without native bindings.
 */

const COEF = { clipRange: 0.2, valueCoef: 0.5, entropyCoef: 0.05 };

function randomWeights(spec: PolicySpec, rng: Rng, scale: number): PolicyWeights {
  const shapes = policyWeightShapes(spec);
  const out: PolicyWeights = {};
  for (const name of policyWeightNames(spec)) {
    const size = shapes[name].reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    const fanIn = shapes[name].length === 2 ? shapes[name][0] : 4;
    for (let i = 0; i < size; i++) data[i] = (rng.normal() * scale) / Math.sqrt(fanIn);
    out[name] = { shape: shapes[name], data };
  }
  return out;
}

function randomObs(spec: PolicySpec, n: number, rng: Rng): Float32Array {
  const obs = new Float32Array(n * spec.obsSize);
  for (let i = 0; i < obs.length; i++) obs[i] = rng.normal();
  for (let r = 0; r < n; r++) obs[r * spec.obsSize + spec.marketTypeIndex] = rng.int(2);
  return obs;
}

/** Largest |a − b| over max(|b|), per weight name. */
function relativeErrors(a: PolicyWeights, b: Record<string, Float32Array>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of Object.keys(a)) {
    let diff = 0;
    let scale = 0;
    for (let i = 0; i < a[name].data.length; i++) {
      diff = Math.max(diff, Math.abs(a[name].data[i] - b[name][i]));
      scale = Math.max(scale, Math.abs(b[name][i]));
    }
    out[name] = diff / Math.max(scale, 1e-12);
  }
  return out;
}

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`fused PPO gradients on ${backend}`, () => {
    beforeAll(async () => {
      await tf.setBackend(backend);
      await tf.ready();
    });

    const variants: { perMarketHeads: boolean; hidden: number[] }[] = [
      { perMarketHeads: true, hidden: defaultPolicySpec.hidden },
      { perMarketHeads: false, hidden: defaultPolicySpec.hidden },
      // Three layers: the middle block's input is transposed in the backward pass, not the forward.
      { perMarketHeads: true, hidden: [32, 24, 16] },
    ];
    for (const { perMarketHeads, hidden } of variants) {
      it(`equal tf.variableGrads within 1e-4 (hidden ${hidden.join('-')}, per-market heads: ${perMarketHeads})`, () => {
        const spec: PolicySpec = { ...defaultPolicySpec, perMarketHeads, hidden };
        const layout = paramLayout(spec);
        const rng = new Rng(7);
        const n = 384;
        const weights = randomWeights(spec, rng, 1.5);
        const obs = randomObs(spec, n, rng);
        const actions = new Float32Array(n * spec.actions);
        for (let r = 0; r < n; r++) actions[r * spec.actions + rng.int(spec.actions)] = 1;
        // Old log-probs: the current ones ± 0.4, so ratios land inside and outside [0.8, 1.2].
        const current = referenceForward(spec, weights, obs, n).logits;
        const oldLogProbs = new Float32Array(n);
        for (let r = 0; r < n; r++) {
          let max = -Infinity;
          for (let k = 0; k < spec.actions; k++) max = Math.max(max, current[r * spec.actions + k]);
          let sum = 0;
          for (let k = 0; k < spec.actions; k++) sum += Math.exp(current[r * spec.actions + k] - max);
          let a = 0;
          for (let k = 0; k < spec.actions; k++) if (actions[r * spec.actions + k]) a = k;
          oldLogProbs[r] = current[r * spec.actions + a] - max - Math.log(sum) + rng.uniform(-0.4, 0.4);
        }
        const advantages = Float32Array.from({ length: n }, () => rng.normal());
        const returns = Float32Array.from({ length: n }, () => rng.normal() * 2);

        const pass = new FusedPolicyPass(layout);
        const fused = tidyKeep(
          () => {
            const flat = tf.tensor1d(packWeights(layout, weights));
            const x = tf.tensor2d(obs, [n, spec.obsSize]);
            const xt = tf.concat([tf.transpose(x), tf.ones([1, n])], 0) as tf.Tensor2D;
            const market = perMarketHeads
              ? (tf.slice(x, [0, spec.marketTypeIndex], [n, 1]) as tf.Tensor2D)
              : null;
            const batch = {
              actionsOneHot: tf.tensor2d(actions, [n, spec.actions]),
              oldLogProbs: tf.tensor2d(oldLogProbs, [n, 1]),
              advantages: tf.tensor2d(advantages, [n, 1]),
              returns: tf.tensor2d(returns, [n, 1]),
            };
            const forward = pass.forward(flat, x, xt, market);
            const loss = ppoLossGradients(forward.logits, forward.values, batch, COEF);
            const grad = pass.gradient(flat, forward, xt, loss.dLogits, loss.dValues, market);
            return { grad, stats: loss.stats };
          },
          (r) => [r.grad, r.stats],
        );
        pass.dispose();
        const fusedGrads = unpackWeights(layout, fused.grad.dataSync() as Float32Array);
        const stats = fused.stats.dataSync();
        tf.dispose([fused.grad, fused.stats]);

        const vars = referenceVariables(spec, weights);
        const x = tf.tensor2d(obs, [n, spec.obsSize]);
        const batch = {
          x,
          actionsOneHot: tf.tensor2d(actions, [n, spec.actions]),
          oldLogProbs: tf.tensor2d(oldLogProbs, [n, 1]),
          advantages: tf.tensor2d(advantages, [n, 1]),
          returns: tf.tensor2d(returns, [n, 1]),
        };
        const reference = referencePpoGradients(spec, vars, batch, COEF);
        const refGrads: Record<string, Float32Array> = {};
        for (const name of Object.keys(reference.grads)) {
          refGrads[name] = reference.grads[name].dataSync() as Float32Array;
        }
        const refLoss = reference.loss.dataSync()[0];
        tf.dispose([
          reference.loss,
          Object.values(reference.grads),
          Object.values(vars),
          Object.values(batch),
        ]);

        const errors = relativeErrors(fusedGrads, refGrads);
        for (const [name, error] of Object.entries(errors)) {
          expect(error, `${name} relative error`).toBeLessThanOrEqual(1e-4);
        }
        // Every weight gets a gradient (the test would pass vacuously on zeros).
        for (const name of policyWeightNames(spec)) {
          expect(Math.max(...refGrads[name].map(Math.abs)), name).toBeGreaterThan(1e-6);
        }
        const at = (s: (typeof PPO_STATS)[number]) => stats[PPO_STATS.indexOf(s)];
        const total = at('policyLoss') + COEF.valueCoef * at('valueLoss') - COEF.entropyCoef * at('entropy');
        expect(total).toBeCloseTo(refLoss, 4);
        // Ratios fell on both sides of the clip range.
        expect(at('clipFraction')).toBeGreaterThan(0.1);
        expect(at('clipFraction')).toBeLessThan(0.9);
      });
    }

    it('cross-entropy gradient equals autodiff (behaviour cloning)', () => {
      const spec = defaultPolicySpec;
      const rng = new Rng(11);
      const n = 200;
      const logitsData = Float32Array.from({ length: n * spec.actions }, () => rng.normal() * 2);
      const labels = Int32Array.from({ length: n }, () => rng.int(spec.actions));
      const oneHot = new Float32Array(n * spec.actions);
      labels.forEach((a, r) => (oneHot[r * spec.actions + a] = 1));
      const [fused, stats, reference] = tf.tidy(() => {
        const logits = tf.tensor2d(logitsData, [n, spec.actions]);
        const labelsOneHot = tf.tensor2d(oneHot, [n, spec.actions]);
        const ce = crossEntropyGradients(logits, labelsOneHot);
        const grad = tf.grad((z: tf.Tensor) => tf.losses.softmaxCrossEntropy(labelsOneHot, z as tf.Tensor2D))(
          logits,
        );
        return [ce.dLogits.dataSync(), ce.stats.dataSync(), grad.dataSync()];
      });
      for (let i = 0; i < fused.length; i++) expect(fused[i]).toBeCloseTo(reference[i], 6);
      expect(stats[0]).toBeGreaterThan(0);
      expect(stats[1]).toBeGreaterThanOrEqual(0);
      expect(stats[1]).toBeLessThanOrEqual(1);
    });

    it.each([{ hidden: defaultPolicySpec.hidden }, { hidden: [32, 24, 16] }])(
      'network outputs equal the float64 reference forward (act, predict, autodiff version), hidden $hidden',
      async ({ hidden }) => {
        const spec = { ...defaultPolicySpec, hidden };
        const rng = new Rng(3);
        const network = new PolicyNetwork(spec, new Rng(1));
        const weights = randomWeights(spec, rng, 1.2);
        network.setWeights(weights);
        const n = 500;
        const obs = randomObs(spec, n, rng);
        const ref = referenceForward(spec, weights, obs, n);
        const predicted = await network.predict(obs, n);
        const acted = network.act(obs, n, 'greedy', rng);
        const autodiff = tf.tidy(() => {
          const vars = referenceVariables(spec, weights);
          const out = referenceLogitsAndValues(spec, vars, tf.tensor2d(obs, [n, spec.obsSize]));
          const logits = out.logits.dataSync();
          tf.dispose(Object.values(vars));
          return logits;
        });
        let maxDiff = 0;
        for (let i = 0; i < n * spec.actions; i++) {
          maxDiff = Math.max(maxDiff, Math.abs(predicted.logits[i] - ref.logits[i]));
          maxDiff = Math.max(maxDiff, Math.abs(autodiff[i] - ref.logits[i]));
        }
        for (let r = 0; r < n; r++) {
          maxDiff = Math.max(maxDiff, Math.abs(predicted.values[r] - ref.values[r]));
          maxDiff = Math.max(maxDiff, Math.abs(acted.values[r] - ref.values[r]));
          let best = 0;
          for (let k = 1; k < spec.actions; k++) {
            if (ref.logits[r * spec.actions + k] > ref.logits[r * spec.actions + best]) best = k;
          }
          expect(acted.actions[r]).toBe(best);
        }
        expect(maxDiff).toBeLessThan(1e-5);
        network.dispose();
      },
    );

    it('packs and unpacks named weights losslessly', () => {
      const spec = defaultPolicySpec;
      const layout = paramLayout(spec);
      const weights = randomWeights(spec, new Rng(5), 1);
      const back = unpackWeights(layout, packWeights(layout, weights));
      for (const name of policyWeightNames(spec)) {
        expect(back[name].shape).toEqual(weights[name].shape);
        expect(Array.from(back[name].data)).toEqual(Array.from(weights[name].data));
      }
      expect(layout.size).toBe(
        Object.values(policyWeightShapes(spec)).reduce((s, shape) => s + shape.reduce((a, b) => a * b, 1), 0),
      );
    });
  });
}
