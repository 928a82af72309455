import { tf } from '../compute/tfjs.js';
import type { DenseBlock, ParamLayout } from './param-layout.js';

/**
 * The policy MLP's forward and backward passes written out by hand over the flat parameter
 * vector (param-layout.ts), instead of tfjs autodiff. Autodiff records a tape of many small ops
 * and replays their gradients one by one; on the wasm and cpu backends each op costs tens of
 * microseconds whatever its size, and some gradient kernels (matMul with transposeA/B, column
 * slices, axis-0 sums) take slow generic paths. Here every large op is a plain matMul, a sigmoid
 * or an elementwise op on a [B, 64] tensor, and the weight gradient of each block is a single
 * matMul against its transposed input with a ones row appended (the bias row of the block).
 *
 * Measured on wasm (4096 × 53 batch): tanh is ~15× slower than sigmoid (scalar libm vs XNNPACK),
 * so tanh(z) is computed as 2·σ(2z) − 1 with the 2 folded into the matMul's kernel and bias.
 * matMul(a, b, transposeA/B) runs ~10× slower than transposing first and multiplying.
 *
 * All functions must run inside a tf.tidy of the caller.
 */

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

/** Encoder kernels and biases times 2, ready for tanh-as-sigmoid (see tanhLayer). */
export function doubledEncoder(flat: tf.Tensor1D, layout: ParamLayout): BlockTensors[] {
  return layout.encoder.map((block) => {
    const { kernel, bias } = blockTensors(flat, block);
    return { kernel: tf.mul(kernel, 2), bias: tf.mul(bias, 2) };
  });
}

/** tanh(x·K + b) from the doubled kernel and bias: 2·σ(x·2K + 2b) − 1. */
export function tanhLayer(x: tf.Tensor2D, doubled: BlockTensors): tf.Tensor2D {
  const s = tf.fused.matMul({ a: x, b: doubled.kernel, bias: doubled.bias, activation: 'sigmoid' });
  return tf.sub(tf.mul(s, 2), 1);
}

/**
 * Constant matrices that pick head columns by matMul: on wasm a column slice of a [B, 7] tensor
 * is a slow strided copy (~0.7 ms at B = 4096), a [B, 7] × [7, 3] matMul is ~0.05 ms.
 */
export interface HeadSelectors {
  /** [columns, actions]: the stock head (or the only head). */
  stock: tf.Tensor2D;
  /** [columns, actions]: the crypto head (per-market heads only). */
  crypto: tf.Tensor2D | null;
  /** [columns, 1]: the value column. */
  value: tf.Tensor2D;
}

export function headSelectors(layout: ParamLayout): HeadSelectors {
  const { actions } = layout.spec;
  const columns = layout.head.outputs;
  const pick = (first: number, count: number) => {
    const m = new Float32Array(columns * count);
    for (let j = 0; j < count; j++) m[(first + j) * count + j] = 1;
    return tf.tensor2d(m, [columns, count]);
  };
  return {
    stock: pick(0, actions),
    crypto: layout.spec.perMarketHeads ? pick(actions, actions) : null,
    value: pick(layout.policyColumns, 1),
  };
}

/** Policy logits [B, actions] and values [B, 1] from the head output [B, columns]. */
export function splitHead(
  out: tf.Tensor2D,
  market: tf.Tensor2D | null,
  selectors: HeadSelectors,
): { logits: tf.Tensor2D; values: tf.Tensor2D } {
  const stock = tf.matMul(out, selectors.stock) as tf.Tensor2D;
  let logits = stock;
  if (selectors.crypto) {
    if (!market) throw new Error('per-market heads need the market column');
    // m · crypto + (1 − m) · stock, with m = obs[:, marketTypeIndex]
    logits = tf.add(stock, tf.mul(market, tf.sub(tf.matMul(out, selectors.crypto), stock))) as tf.Tensor2D;
  }
  return { logits, values: tf.matMul(out, selectors.value) as tf.Tensor2D };
}

export interface TrainingForward {
  /** Input of each block: the observations, then each encoder layer's tanh output. */
  inputs: tf.Tensor2D[];
  logits: tf.Tensor2D;
  values: tf.Tensor2D;
}

/**
 * Forward pass that keeps what the backward pass needs. `x` is [B, obsSize]; `market` [B, 1] is
 * obs[:, marketTypeIndex] (null without per-market heads).
 */
export function trainingForward(
  layout: ParamLayout,
  flat: tf.Tensor1D,
  x: tf.Tensor2D,
  market: tf.Tensor2D | null,
  selectors: HeadSelectors,
): TrainingForward {
  const inputs: tf.Tensor2D[] = [x];
  let h = x;
  for (const doubled of doubledEncoder(flat, layout)) {
    h = tanhLayer(h, doubled);
    inputs.push(h);
  }
  const head = blockTensors(flat, layout.head);
  const out = tf.fused.matMul({ a: h, b: head.kernel, bias: head.bias }) as tf.Tensor2D;
  return { inputs, ...splitHead(out, market, selectors) };
}

/**
 * The loss gradient with respect to every parameter, as one flat vector in the layout's order,
 * from the loss gradients with respect to the logits [B, actions] and the values [B, 1].
 *
 * `xtAug` is the observation batch transposed with a ones row appended ([obsSize + 1, B], built
 * on the JS side while gathering the minibatch), so the first block's gradient is one matMul.
 */
export function flatGradient(
  layout: ParamLayout,
  flat: tf.Tensor1D,
  forward: TrainingForward,
  xtAug: tf.Tensor2D,
  dLogits: tf.Tensor2D,
  dValues: tf.Tensor2D,
  market: tf.Tensor2D | null,
): tf.Tensor1D {
  const batch = dLogits.shape[0];
  const ones = tf.ones([1, batch]) as tf.Tensor2D;
  const blocks: tf.Tensor[] = new Array(layout.encoder.length + 1);

  // Head: dOut = [dLogits · (1 − m) | dLogits · m | dValues] (or [dLogits | dValues]).
  let dOut: tf.Tensor2D;
  if (layout.spec.perMarketHeads) {
    if (!market) throw new Error('per-market heads need the market column');
    const dCrypto: tf.Tensor2D = tf.mul(dLogits, market);
    dOut = tf.concat([tf.sub(dLogits, dCrypto) as tf.Tensor2D, dCrypto, dValues], 1);
  } else {
    dOut = tf.concat([dLogits, dValues], 1);
  }
  const last = forward.inputs[forward.inputs.length - 1];
  blocks[layout.encoder.length] = blockGradient(last, dOut, ones);

  // Encoder, top down: dZ = dH ⊙ (1 − H²) (tanh' from its output).
  let dH: tf.Tensor2D = tf.matMul(dOut, tf.transpose(blockTensors(flat, layout.head).kernel));
  for (let k = layout.encoder.length - 1; k >= 0; k--) {
    const h = forward.inputs[k + 1];
    const dZ: tf.Tensor2D = tf.mul(dH, tf.sub(1, tf.square(h)));
    if (k === 0) {
      blocks[0] = tf.matMul(xtAug, dZ);
    } else {
      blocks[k] = blockGradient(forward.inputs[k], dZ, ones);
      dH = tf.matMul(dZ, tf.transpose(blockTensors(flat, layout.encoder[k]).kernel));
    }
  }
  return tf.concat(blocks.map((b) => tf.reshape(b, [-1])));
}

/** [inputᵀ; 1ᵀ] · dZ: the [inputs + 1, outputs] gradient of a block (kernel rows, then bias). */
function blockGradient(input: tf.Tensor2D, dZ: tf.Tensor2D, ones: tf.Tensor2D): tf.Tensor2D {
  return tf.matMul(tf.concat([tf.transpose(input), ones], 0), dZ);
}
