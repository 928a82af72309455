import { tf } from '../compute/tfjs.js';

export interface AdamOptions {
  beta1: number;
  beta2: number;
  /** Added to √v̂ (1e-5 as in the common PPO implementations, not Adam's 1e-8). */
  epsilon: number;
}

export const defaultAdamOptions: AdamOptions = { beta1: 0.9, beta2: 0.999, epsilon: 1e-5 };

export interface AdamState {
  step: number;
  m: Float32Array;
  v: Float32Array;
}

/**
 * Adam over the whole flat parameter vector (PyTorch's formulation: p −= lr/(1 − β1ᵗ) · m /
 * (√v/√(1 − β2ᵗ) + ε)), with optional global-norm gradient clipping first (as
 * torch.nn.utils.clip_grad_norm_: scale by min(1, maxNorm / (‖g‖ + 1e-6))). One update is ~15
 * ops on one tensor, whatever the number of layers.
 */
export class FlatAdam {
  private m: tf.Tensor1D;
  private v: tf.Tensor1D;
  private step = 0;

  constructor(
    readonly size: number,
    private readonly options: AdamOptions = defaultAdamOptions,
  ) {
    this.m = tf.zeros([size]);
    this.v = tf.zeros([size]);
  }

  get steps(): number {
    return this.step;
  }

  /**
   * Returns the updated parameters (a new tensor; the caller owns it and the old one) and the
   * gradient's global norm before clipping (a scalar tensor the caller owns).
   */
  update(
    params: tf.Tensor1D,
    grad: tf.Tensor1D,
    learningRate: number,
    maxGradNorm: number | null,
  ): { params: tf.Tensor1D; gradNorm: tf.Scalar } {
    const { beta1, beta2, epsilon } = this.options;
    const t = this.step + 1;
    const [next, m, v, gradNorm] = tf.tidy(() => {
      const norm = tf.sqrt(tf.sum(tf.square(grad)));
      const g =
        maxGradNorm === null ? grad : tf.mul(grad, tf.minimum(1, tf.div(maxGradNorm, tf.add(norm, 1e-6))));
      const m = tf.add(tf.mul(this.m, beta1), tf.mul(g, 1 - beta1));
      const v = tf.add(tf.mul(this.v, beta2), tf.mul(tf.square(g), 1 - beta2));
      const denom = tf.add(tf.mul(tf.sqrt(v), 1 / Math.sqrt(1 - beta2 ** t)), epsilon);
      const next = tf.sub(params, tf.mul(tf.div(m, denom), learningRate / (1 - beta1 ** t)));
      return [next, m, v, norm] as [tf.Tensor1D, tf.Tensor1D, tf.Tensor1D, tf.Scalar];
    });
    this.m.dispose();
    this.v.dispose();
    this.m = m;
    this.v = v;
    this.step = t;
    return { params: next, gradNorm };
  }

  getState(): AdamState {
    return {
      step: this.step,
      m: (this.m.dataSync() as Float32Array).slice(),
      v: (this.v.dataSync() as Float32Array).slice(),
    };
  }

  setState(state: AdamState): void {
    if (state.m.length !== this.size || state.v.length !== this.size) {
      throw new RangeError(
        `optimizer state: expected ${this.size} values per moment, got ${state.m.length} and ${state.v.length}`,
      );
    }
    this.m.dispose();
    this.v.dispose();
    // Copies: the cpu backend would otherwise keep a reference to the caller's arrays.
    this.m = tf.tensor1d(state.m.slice());
    this.v = tf.tensor1d(state.v.slice());
    this.step = state.step;
  }

  dispose(): void {
    this.m.dispose();
    this.v.dispose();
  }
}
