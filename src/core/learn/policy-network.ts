import { tf } from '../compute/tfjs.js';
import type { Rng } from '../sim/rng.js';
import { blockTensors, doubledBlock, tidyKeep, type BlockTensors } from './fused-mlp.js';
import { initialPolicyWeights } from './init-weights.js';
import { packWeights, paramLayout, unpackWeights, type ParamLayout } from './param-layout.js';
import { softmaxRows, type PolicySpec, type PolicyWeights } from './policy-spec.js';

/** Rows per forward pass in predict(): large enough to amortise op overhead, small enough for memory. */
const PREDICT_CHUNK = 16_384;

/**
 * The weights act() and predict() use, derived once per parameter change (act runs every rollout
 * step, where the op count matters more than the op size). Each layer takes the previous layer's
 * sigmoid output S (tanh = 2S − 1) and the "2S − 1" is folded into its weights:
 *   (2S − 1)·W + b = S·(2W) + (b − colsum W),
 * and the tanh-as-sigmoid doubling as well, so a forward pass is three fused matMuls.
 */
interface InferenceWeights {
  /** Per encoder layer: S_next = σ(S·kernel + bias) (the input layer takes x instead of S). */
  encoder: BlockTensors[];
  /** out = S_last·kernel + bias. */
  head: BlockTensors;
}

export interface ActResult {
  actions: Int32Array;
  logProbs: Float32Array;
  values: Float32Array;
}

/**
 * The policy of policy-spec.ts on the active tfjs backend: tanh MLP encoder, one head matMul for
 * the logits of both markets and the value, per-market logits mixed by obs[:, marketTypeIndex].
 * Parameters live in one flat tensor (param-layout.ts) that the trainers replace after each
 * optimizer step. Initial weights are seeded (init-weights.ts).
 */
export class PolicyNetwork {
  readonly spec: PolicySpec;
  readonly layout: ParamLayout;
  private params: tf.Tensor1D;
  private inference: InferenceWeights | null = null;

  constructor(spec: PolicySpec, rng: Rng) {
    this.spec = spec;
    this.layout = paramLayout(spec);
    this.params = tf.tensor1d(packWeights(this.layout, initialPolicyWeights(spec, rng)));
  }

  /** The flat parameter vector (owned by the network: do not dispose it). */
  get parameters(): tf.Tensor1D {
    return this.params;
  }

  /** Installs new flat parameters; the network takes ownership and disposes the previous ones. */
  replaceParameters(next: tf.Tensor1D): void {
    if (next.size !== this.layout.size) {
      throw new RangeError(`policy parameters: expected ${this.layout.size} values, got ${next.size}`);
    }
    if (next !== this.params) this.params.dispose();
    this.params = next;
    this.dropInferenceWeights();
  }

  /**
   * One decision per row of obs (n × obsSize): 'sample' draws from the policy with rng, 'greedy'
   * takes the most likely action (rng unused). Log-probabilities are of the chosen actions.
   */
  act(obs: Float32Array, n: number, mode: 'sample' | 'greedy', rng: Rng): ActResult {
    const out = this.headOutputs(obs, n);
    const { actions: a, obsSize, marketTypeIndex, perMarketHeads } = this.spec;
    const columns = this.layout.head.outputs;
    const actions = new Int32Array(n);
    const logProbs = new Float32Array(n);
    const values = new Float32Array(n);
    const logits = new Float64Array(a);
    for (let i = 0; i < n; i++) {
      const row = i * columns;
      const m = perMarketHeads ? obs[i * obsSize + marketTypeIndex] : 0;
      mixHeads(out, row, a, perMarketHeads, m, logits, 0);
      let max = -Infinity;
      for (let k = 0; k < a; k++) if (logits[k] > max) max = logits[k];
      let sum = 0;
      for (let k = 0; k < a; k++) sum += Math.exp(logits[k] - max);
      const logSum = max + Math.log(sum);
      let choice = 0;
      if (mode === 'greedy') {
        for (let k = 1; k < a; k++) if (logits[k] > logits[choice]) choice = k;
      } else {
        const u = rng.next();
        let cumulative = 0;
        choice = a - 1;
        for (let k = 0; k < a; k++) {
          cumulative += Math.exp(logits[k] - logSum);
          if (u < cumulative) {
            choice = k;
            break;
          }
        }
      }
      actions[i] = choice;
      logProbs[i] = logits[choice] - logSum;
      values[i] = out[row + this.layout.policyColumns];
    }
    return { actions, logProbs, values };
  }

  /**
   * Logits (n × actions, the per-market mix), their softmax `probabilities` and values (n) for many
   * observations, in chunks. Probabilities and values are what the exported models output (the
   * registry's ONNX check compares them); the value is in the trainer's normalised return scale.
   */
  async predict(
    obs: Float32Array,
    n: number,
  ): Promise<{ logits: Float32Array; probabilities: Float32Array; values: Float32Array }> {
    const { actions: a, obsSize, marketTypeIndex, perMarketHeads } = this.spec;
    const columns = this.layout.head.outputs;
    const logits = new Float32Array(n * a);
    const values = new Float32Array(n);
    for (let start = 0; start < n; start += PREDICT_CHUNK) {
      const rows = Math.min(PREDICT_CHUNK, n - start);
      const tensor = this.headTensor(obs.subarray(start * obsSize, (start + rows) * obsSize), rows);
      const out = (await tensor.data()) as Float32Array;
      tensor.dispose();
      for (let i = 0; i < rows; i++) {
        const row = i * columns;
        const m = perMarketHeads ? obs[(start + i) * obsSize + marketTypeIndex] : 0;
        mixHeads(out, row, a, perMarketHeads, m, logits, (start + i) * a);
        values[start + i] = out[row + this.layout.policyColumns];
      }
    }
    return { logits, probabilities: Float32Array.from(softmaxRows(logits, n, a)), values };
  }

  getWeights(): PolicyWeights {
    return unpackWeights(this.layout, this.params.dataSync() as Float32Array);
  }

  setWeights(weights: PolicyWeights): void {
    this.replaceParameters(tf.tensor1d(packWeights(this.layout, weights)));
  }

  dispose(): void {
    this.params.dispose();
    this.dropInferenceWeights();
  }

  /** Head output rows (logit columns of every head, then the value), read back synchronously. */
  private headOutputs(obs: Float32Array, n: number): Float32Array {
    const tensor = this.headTensor(obs, n);
    try {
      return tensor.dataSync() as Float32Array;
    } finally {
      tensor.dispose();
    }
  }

  private headTensor(obs: Float32Array, n: number): tf.Tensor2D {
    const { obsSize } = this.spec;
    if (obs.length < n * obsSize) {
      throw new RangeError(`policy input: ${n} rows need ${n * obsSize} values, got ${obs.length}`);
    }
    const weights = this.inferenceWeights();
    return tf.tidy(() => {
      let h = tf.tensor2d(obs.subarray(0, n * obsSize), [n, obsSize]);
      for (const layer of weights.encoder) {
        h = tf.fused.matMul({
          a: h,
          b: layer.kernel,
          bias: layer.bias,
          activation: 'sigmoid',
        }) as tf.Tensor2D;
      }
      return tf.fused.matMul({ a: h, b: weights.head.kernel, bias: weights.head.bias }) as tf.Tensor2D;
    });
  }

  private inferenceWeights(): InferenceWeights {
    if (!this.inference) {
      const params = this.params;
      const layout = this.layout;
      this.inference = tidyKeep(
        () => {
          // Takes the sigmoid output S of the layer below: (2S − 1)·W + b = S·2W + (b − colsum W).
          const fromSigmoid = ({ kernel, bias }: BlockTensors, scale: number): BlockTensors => ({
            kernel: tf.mul(kernel, 2 * scale) as tf.Tensor2D,
            bias: tf.mul(tf.sub(bias, tf.sum(kernel, 0)), scale) as tf.Tensor1D,
          });
          const encoder = layout.encoder.map((block, k) =>
            k === 0 ? doubledBlock(params, block) : fromSigmoid(blockTensors(params, block), 2),
          );
          return { encoder, head: fromSigmoid(blockTensors(params, layout.head), 1) };
        },
        (w) => [...w.encoder, w.head].flatMap((b) => [b.kernel, b.bias]),
      );
    }
    return this.inference;
  }

  private dropInferenceWeights(): void {
    if (!this.inference) return;
    for (const t of [...this.inference.encoder, this.inference.head]) {
      t.kernel.dispose();
      t.bias.dispose();
    }
    this.inference = null;
  }
}

/**
 * The policy logits of one head-output row: the stock head, or with per-market heads the mix
 * m · crypto + (1 − m) · stock (m = the observation's market_type), written at `target[offset…]`.
 */
function mixHeads(
  out: Float32Array,
  row: number,
  actions: number,
  perMarketHeads: boolean,
  m: number,
  target: Float32Array | Float64Array,
  offset: number,
): void {
  for (let k = 0; k < actions; k++) {
    const stock = out[row + k];
    target[offset + k] = perMarketHeads ? stock + m * (out[row + actions + k] - stock) : stock;
  }
}
