import { tf } from '../compute/tfjs.js';
import type { DenseBlock, ParamLayout } from './param-layout.js';

/**
 * The policy MLP's forward and backward passes written out by hand over the flat parameter
 * vector (param-layout.ts), instead of tfjs autodiff. Autodiff records a tape of many small ops
 * and replays their gradients one by one; on the wasm and cpu backends each op costs tens of
 * microseconds whatever its size, and several gradient kernels take slow generic paths. Here the
 * large ops are plain matMuls, sigmoids and elementwise ops on [B, 64] tensors, and each block's
 * weight gradient is one matMul of its transposed input (with a ones row: the bias row) by dZ.
 *
 * What the layout of the computation avoids, measured on wasm at B = 4096 (min of many runs):
 * - tanh: ~4.7 ms (scalar libm) vs sigmoid ~0.3 ms (XNNPACK), so tanh(z) = 2·σ(2z) − 1 with the
 *   2 folded into the kernel and bias;
 * - matMul with transposeA/transposeB: 13–20 ms vs ~1 ms for a plain matMul;
 * - transpose [B, 64] → [64, B]: ~1.05 ms, but [64, B] → [B, 64]: ~0.23 ms. The first layer is
 *   therefore computed transposed (W1ᵀ·[Xᵀ; 1], from the transposed observations the JS side
 *   builds while gathering the minibatch), giving H1ᵀ for the second block's gradient directly and
 *   H1 by the fast transpose;
 * - column slices of [B, 7] and concat along axis 1: ~0.6 ms each vs a [B, 7] × [7, 3] selection
 *   matMul at ~0.03 ms, so the heads are split and joined by matMuls with constant 0/1 matrices;
 * - the head's gradient uses dOutᵀ (a [B, 7] transpose, ~0.02 ms) instead of H2ᵀ.
 *
 * Methods that return tensors must run inside a tf.tidy of the caller.
 */
export class FusedPolicyPass {
  /** [columns, actions] picking the stock head (or the only head), the crypto head, the value. */
  private readonly pickStock: tf.Tensor2D;
  private readonly pickCrypto: tf.Tensor2D | null;
  private readonly pickValue: tf.Tensor2D;
  /** Their transposes: spread head gradients back into the head's columns. */
  private readonly spreadStock: tf.Tensor2D;
  private readonly spreadCrypto: tf.Tensor2D | null;
  private readonly spreadValue: tf.Tensor2D;

  constructor(readonly layout: ParamLayout) {
    const { actions, perMarketHeads } = layout.spec;
    const columns = layout.head.outputs;
    const pick = (first: number, count: number, transposed: boolean) => {
      const m = new Float32Array(columns * count);
      for (let j = 0; j < count; j++) m[transposed ? j * columns + first + j : (first + j) * count + j] = 1;
      return tf.tensor2d(m, transposed ? [count, columns] : [columns, count]);
    };
    this.pickStock = pick(0, actions, false);
    this.pickCrypto = perMarketHeads ? pick(actions, actions, false) : null;
    this.pickValue = pick(layout.policyColumns, 1, false);
    this.spreadStock = pick(0, actions, true);
    this.spreadCrypto = perMarketHeads ? pick(actions, actions, true) : null;
    this.spreadValue = pick(layout.policyColumns, 1, true);
  }

  /**
   * Forward pass keeping what the backward pass needs. `x` [B, obsSize] and `xtAug`
   * [obsSize + 1, B] (x transposed, ones row appended) are the same observations; `market`
   * [B, 1] is obs[:, marketTypeIndex] (null without per-market heads).
   */
  forward(
    flat: tf.Tensor1D,
    x: tf.Tensor2D,
    xtAug: tf.Tensor2D,
    market: tf.Tensor2D | null,
  ): TrainingForward {
    const { encoder } = this.layout;
    // Layer 1 transposed: H1ᵀ = 2·σ((2·[W1; b1])ᵀ·[Xᵀ; 1]) − 1, then H1 by the fast transpose.
    const first = tf.transpose(tf.mul(blockMatrix(flat, encoder[0]), 2));
    const h1t = tf.sub(tf.mul(tf.sigmoid(tf.matMul(first, xtAug)), 2), 1) as tf.Tensor2D;
    const hidden: tf.Tensor2D[] = [tf.transpose(h1t)];
    const hiddenT: (tf.Tensor2D | null)[] = [h1t];
    for (let k = 1; k < encoder.length; k++) {
      hidden.push(tanhLayer(hidden[k - 1], doubledBlock(flat, encoder[k])));
      hiddenT.push(null);
    }
    const head = blockTensors(flat, this.layout.head);
    const out = tf.fused.matMul({
      a: hidden[hidden.length - 1],
      b: head.kernel,
      bias: head.bias,
    }) as tf.Tensor2D;
    const stock = tf.matMul(out, this.pickStock) as tf.Tensor2D;
    let logits = stock;
    if (this.pickCrypto) {
      if (!market) throw new Error('per-market heads need the market column');
      // m · crypto + (1 − m) · stock, with m = obs[:, marketTypeIndex]
      logits = tf.add(stock, tf.mul(market, tf.sub(tf.matMul(out, this.pickCrypto), stock))) as tf.Tensor2D;
    }
    return { hidden, hiddenT, logits, values: tf.matMul(out, this.pickValue) as tf.Tensor2D };
  }

  /**
   * The loss gradient with respect to every parameter as one flat vector in the layout's order,
   * from the loss gradients with respect to the logits [B, actions] and the values [B, 1].
   */
  gradient(
    flat: tf.Tensor1D,
    forward: TrainingForward,
    xtAug: tf.Tensor2D,
    dLogits: tf.Tensor2D,
    dValues: tf.Tensor2D,
    market: tf.Tensor2D | null,
  ): tf.Tensor1D {
    const { encoder, head } = this.layout;
    const batch = dLogits.shape[0];
    const blocks: tf.Tensor[] = new Array(encoder.length + 1);

    // dOut = [dLogits ⊙ (1 − m) | dLogits ⊙ m | dValues] (or [dLogits | dValues]), built by matMuls.
    let dOut: tf.Tensor2D;
    if (this.spreadCrypto) {
      if (!market) throw new Error('per-market heads need the market column');
      const dCrypto = tf.mul(dLogits, market) as tf.Tensor2D;
      dOut = tf.addN([
        tf.matMul(tf.sub(dLogits, dCrypto) as tf.Tensor2D, this.spreadStock),
        tf.matMul(dCrypto, this.spreadCrypto),
        tf.matMul(dValues, this.spreadValue),
      ]) as tf.Tensor2D;
    } else {
      dOut = tf.add(
        tf.matMul(dLogits, this.spreadStock),
        tf.matMul(dValues, this.spreadValue),
      ) as tf.Tensor2D;
    }
    // Head block: [Hᵀ dOut; 1ᵀ dOut] = [(dOutᵀ H)ᵀ; row sums of dOutᵀ].
    const dOutT = tf.transpose(dOut);
    const last = forward.hidden[forward.hidden.length - 1];
    blocks[encoder.length] = tf.concat([
      tf.transpose(tf.matMul(dOutT, last)),
      tf.reshape(tf.sum(dOutT, 1), [1, head.outputs]),
    ]);

    // Encoder, top down: dZ = dH ⊙ (1 − H²) (tanh' from its output).
    let dH = tf.matMul(dOut, tf.transpose(blockTensors(flat, head).kernel)) as tf.Tensor2D;
    for (let k = encoder.length - 1; k >= 0; k--) {
      const h = forward.hidden[k];
      const dZ = tf.mul(dH, tf.sub(1, tf.square(h))) as tf.Tensor2D;
      if (k === 0) {
        blocks[0] = tf.matMul(xtAug, dZ);
      } else {
        const inputT = forward.hiddenT[k - 1] ?? (tf.transpose(forward.hidden[k - 1]) as tf.Tensor2D);
        blocks[k] = tf.matMul(tf.concat([inputT, tf.ones([1, batch])]), dZ);
        dH = tf.matMul(dZ, tf.transpose(blockTensors(flat, encoder[k]).kernel)) as tf.Tensor2D;
      }
    }
    return tf.concat(blocks.map((b) => tf.reshape(b, [-1]))) as tf.Tensor1D;
  }

  dispose(): void {
    tf.dispose([this.pickStock, this.pickValue, this.spreadStock, this.spreadValue]);
    if (this.pickCrypto) this.pickCrypto.dispose();
    if (this.spreadCrypto) this.spreadCrypto.dispose();
  }
}

export interface TrainingForward {
  /** Each encoder layer's tanh output [B, hidden[k]]. */
  hidden: tf.Tensor2D[];
  /** The same transposed where the forward pass made it anyway (else null). */
  hiddenT: (tf.Tensor2D | null)[];
  logits: tf.Tensor2D;
  values: tf.Tensor2D;
}

export interface BlockTensors {
  kernel: tf.Tensor2D;
  bias: tf.Tensor1D;
}

/**
 * Runs fn in a tf.tidy and keeps the tensors `tensorsOf` lists (for results that are not plain
 * TensorContainers, e.g. interfaces of tensors).
 */
export function tidyKeep<T>(fn: () => T, tensorsOf: (result: T) => (tf.Tensor | null)[]): T {
  let result!: T;
  tf.tidy(() => {
    result = fn();
    for (const t of tensorsOf(result)) if (t) tf.keep(t);
  });
  return result;
}

/** A block's kernel [inputs, outputs] and bias [outputs] sliced out of the flat vector. */
export function blockTensors(flat: tf.Tensor1D, block: DenseBlock): BlockTensors {
  const kernelSize = block.inputs * block.outputs;
  return {
    kernel: tf.reshape(tf.slice(flat, block.offset, kernelSize), [block.inputs, block.outputs]),
    bias: tf.slice(flat, block.offset + kernelSize, block.outputs),
  };
}

/** A block as one [inputs + 1, outputs] matrix (kernel rows, then the bias row). */
export function blockMatrix(flat: tf.Tensor1D, block: DenseBlock): tf.Tensor2D {
  return tf.reshape(tf.slice(flat, block.offset, (block.inputs + 1) * block.outputs), [
    block.inputs + 1,
    block.outputs,
  ]);
}

/** A block's kernel and bias times 2, ready for tanh-as-sigmoid (see tanhLayer). */
export function doubledBlock(flat: tf.Tensor1D, block: DenseBlock): BlockTensors {
  const { kernel, bias } = blockTensors(flat, block);
  return { kernel: tf.mul(kernel, 2), bias: tf.mul(bias, 2) };
}

/** tanh(x·K + b) from the doubled kernel and bias: 2·σ(x·2K + 2b) − 1. */
export function tanhLayer(x: tf.Tensor2D, doubled: BlockTensors): tf.Tensor2D {
  const s = tf.fused.matMul({ a: x, b: doubled.kernel, bias: doubled.bias, activation: 'sigmoid' });
  return tf.sub(tf.mul(s, 2), 1);
}
