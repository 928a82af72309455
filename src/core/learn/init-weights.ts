import type { Rng } from '../sim/rng.js';
import { policyWeightShapes, type PolicySpec, type PolicyWeights } from './policy-spec.js';

/** Gains of the orthogonal init (the usual PPO choice): √2 for the encoder, a small policy head so
 * the first policy is close to uniform, 1 for the value head. */
export const ENCODER_GAIN = Math.SQRT2;
export const POLICY_GAIN = 0.01;
export const VALUE_GAIN = 1;

/**
 * Seeded initial weights: orthogonal kernels scaled by the gains above, zero biases. With
 * per-market heads each head (stock, crypto) gets its own orthogonal matrix.
 */
export function initialPolicyWeights(spec: PolicySpec, rng: Rng): PolicyWeights {
  const shapes = policyWeightShapes(spec);
  const weights: PolicyWeights = {};
  const zeros = (name: string) => {
    weights[name] = { shape: shapes[name], data: new Float32Array(shapes[name][0]) };
  };
  spec.hidden.forEach((h, k) => {
    const [inputs] = shapes[`encoder/${k}/kernel`];
    weights[`encoder/${k}/kernel`] = { shape: [inputs, h], data: orthogonal(inputs, h, ENCODER_GAIN, rng) };
    zeros(`encoder/${k}/bias`);
  });
  const [last, policyColumns] = shapes['policy/kernel'];
  const heads = spec.perMarketHeads ? 2 : 1;
  const policy = new Float32Array(last * policyColumns);
  for (let head = 0; head < heads; head++) {
    const part = orthogonal(last, spec.actions, POLICY_GAIN, rng);
    for (let r = 0; r < last; r++) {
      for (let a = 0; a < spec.actions; a++) {
        policy[r * policyColumns + head * spec.actions + a] = part[r * spec.actions + a];
      }
    }
  }
  weights['policy/kernel'] = { shape: [last, policyColumns], data: policy };
  zeros('policy/bias');
  weights['value/kernel'] = { shape: [last, 1], data: orthogonal(last, 1, VALUE_GAIN, rng) };
  zeros('value/bias');
  return weights;
}

/**
 * A rows × cols matrix with orthonormal columns (rows ≥ cols) or rows (rows < cols), times gain:
 * Gram–Schmidt (twice, for float64 stability) on a seeded Gaussian matrix.
 */
export function orthogonal(rows: number, cols: number, gain: number, rng: Rng): Float32Array {
  const tall = rows >= cols;
  const n = tall ? rows : cols; // length of each vector
  const k = tall ? cols : rows; // number of orthonormal vectors
  const vectors: Float64Array[] = [];
  for (let j = 0; j < k; j++) {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = rng.normal();
    for (let pass = 0; pass < 2; pass++) {
      for (const u of vectors) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += u[i] * v[i];
        for (let i = 0; i < n; i++) v[i] -= dot * u[i];
      }
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm);
    for (let i = 0; i < n; i++) v[i] /= norm;
    vectors.push(v);
  }
  const out = new Float32Array(rows * cols);
  for (let j = 0; j < k; j++) {
    for (let i = 0; i < n; i++) {
      const [r, c] = tall ? [i, j] : [j, i];
      out[r * cols + c] = gain * vectors[j][i];
    }
  }
  return out;
}
