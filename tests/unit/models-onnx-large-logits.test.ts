import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../src/core/compute/select-backend.js';
import { PolicyNetwork } from '../../src/core/learn/policy-network.js';
import { defaultPolicySpec } from '../../src/core/learn/policy-spec.js';
import { checkOnnxParity, runOnnxPolicy } from '../../src/core/models/onnx-check.js';
import { exportPolicyOnnx } from '../../src/core/models/onnx-export.js';
import { ONNX_MAX_ABS_DIFF } from '../../src/core/models/register-model.js';
import { Rng } from '../../src/core/sim/rng.js';
import { randomPolicyWeights, realObservations } from '../helpers/models-fixtures.js';

function maxAbs(a: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]));
  return max;
}

/**
 * A well-trained policy is confident: its logits reach |10| and more (a Full run's reached |13|),
 * where onnxruntime and tfjs differ by ~1e-5 in float32 on their own. The exported model outputs
 * probabilities, which stay comparable at the registry's 1e-5 limit.
 */
describe('ONNX check of a confident policy (large logits)', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('passes on probabilities over 10,000 real observations while |logits| > 10', async () => {
    const spec = defaultPolicySpec;
    const weights = randomPolicyWeights(spec, 13);
    // Scale the policy head until the logits are as large as a confident trained policy's (|23| here;
    // measured: the probability difference grows ~2e-7 per unit of max |logit| and reaches 1e-5 near |45|).
    for (const name of ['policy/kernel', 'policy/bias']) {
      const w = weights[name].data;
      for (let i = 0; i < w.length; i++) w[i] *= 15;
    }
    const real = realObservations();
    const net = new PolicyNetwork(spec, new Rng(1));
    try {
      net.setWeights(weights);
      const tfjs = await net.predict(real.obs, real.n);
      expect(maxAbs(tfjs.logits)).toBeGreaterThan(10);
      // Probabilities near 0 and 1 both occur: the policy is confident on many observations.
      expect(Math.max(...tfjs.probabilities)).toBeGreaterThan(0.999);

      const onnx = exportPolicyOnnx(spec, net.getWeights());
      const ort = await runOnnxPolicy(onnx, real.obs, real.n);
      for (let i = 0; i < real.n; i++) {
        const sum = ort.probabilities[3 * i] + ort.probabilities[3 * i + 1] + ort.probabilities[3 * i + 2];
        expect(Math.abs(sum - 1)).toBeLessThan(1e-5);
      }
      const parity = await checkOnnxParity(onnx, real.obs, real.n, tfjs);
      console.log(
        `max |logit| ${maxAbs(tfjs.logits).toFixed(1)}: max |onnxruntime − tfjs| over probabilities and values ${parity.maxAbsDiff.toExponential(2)}`,
      );
      expect(parity.observations).toBe(10_000);
      expect(parity.maxAbsDiff).toBeLessThanOrEqual(ONNX_MAX_ABS_DIFF);
    } finally {
      net.dispose();
    }
  });
});
