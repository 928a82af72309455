import { tf } from '../compute/tfjs.js';
import type { Rng } from '../sim/rng.js';
import type { PolicySpec } from './policy-spec.js';

/** Minibatch inputs of the fused forward/backward pass (fused-mlp.ts). */
export interface ObsTensors {
  /** [B, obsSize] */
  x: tf.Tensor2D;
  /** [obsSize + 1, B]: x transposed with a ones row, for the first block's gradient. */
  xtAug: tf.Tensor2D;
  /** [B, 1] obs[:, marketTypeIndex], or null without per-market heads. */
  market: tf.Tensor2D | null;
}

/**
 * Gathers minibatch rows on the JS side into reusable typed arrays and uploads them. On wasm a
 * 4096-row tf.gather of the observations takes ~8 ms; copying rows in JS and uploading is ~0.5 ms,
 * and the transposed copy the backward pass needs comes for free in the same loop.
 */
export class MinibatchGatherer {
  /** Reusable arrays per minibatch size (the last minibatch of an epoch may be shorter). */
  private readonly bySize = new Map<number, Buffers>();

  constructor(private readonly spec: PolicySpec) {}

  /**
   * Rows indices[from .. from + count) of obs (rows × obsSize) as tensors. The caller disposes
   * them before the next call (the cpu backend shares these arrays with its tensors).
   */
  observations(obs: Float32Array, indices: Int32Array, from: number, count: number): ObsTensors {
    const { obsSize, marketTypeIndex, perMarketHeads } = this.spec;
    const { x, xtAug, market } = this.buffers(count);
    for (let r = 0; r < count; r++) {
      const src = indices[from + r] * obsSize;
      const dst = r * obsSize;
      for (let f = 0; f < obsSize; f++) {
        const value = obs[src + f];
        x[dst + f] = value;
        xtAug[f * count + r] = value;
      }
      market[r] = obs[src + marketTypeIndex];
    }
    return {
      x: tf.tensor2d(x, [count, obsSize]),
      xtAug: tf.tensor2d(xtAug, [obsSize + 1, count]),
      market: perMarketHeads ? tf.tensor2d(market, [count, 1]) : null,
    };
  }

  /** [B, actions] one-hot of actions[indices[from + r]]. */
  oneHotActions(actions: Int32Array, indices: Int32Array, from: number, count: number): tf.Tensor2D {
    const a = this.spec.actions;
    const { oneHot } = this.buffers(count);
    oneHot.fill(0);
    for (let r = 0; r < count; r++) oneHot[r * a + actions[indices[from + r]]] = 1;
    return tf.tensor2d(oneHot, [count, a]);
  }

  /**
   * [B, 1] of values[indices[from + r]]; `slot` picks one of several reusable arrays (one per
   * column alive at the same time). With `normalise`, the minibatch is shifted to mean 0 and
   * scaled to std 1 (advantage normalisation).
   */
  column(
    values: Float32Array,
    indices: Int32Array,
    from: number,
    count: number,
    slot: number,
    normalise = false,
  ): tf.Tensor2D {
    const { columns } = this.buffers(count);
    while (columns.length <= slot) columns.push(new Float32Array(count));
    const out = columns[slot];
    let sum = 0;
    for (let r = 0; r < count; r++) {
      const v = values[indices[from + r]];
      out[r] = v;
      sum += v;
    }
    if (normalise) {
      const mean = sum / count;
      let sq = 0;
      for (let r = 0; r < count; r++) sq += (out[r] - mean) ** 2;
      const scale = 1 / (Math.sqrt(sq / count) + 1e-8);
      for (let r = 0; r < count; r++) out[r] = (out[r] - mean) * scale;
    }
    return tf.tensor2d(out, [count, 1]);
  }

  private buffers(count: number): Buffers {
    let b = this.bySize.get(count);
    if (!b) {
      const { obsSize, actions } = this.spec;
      const xtAug = new Float32Array((obsSize + 1) * count);
      xtAug.fill(1, obsSize * count);
      b = {
        x: new Float32Array(count * obsSize),
        xtAug,
        market: new Float32Array(count),
        oneHot: new Float32Array(count * actions),
        columns: [],
      };
      this.bySize.set(count, b);
    }
    return b;
  }
}

interface Buffers {
  x: Float32Array;
  xtAug: Float32Array;
  market: Float32Array;
  oneHot: Float32Array;
  columns: Float32Array[];
}

/** Fisher–Yates shuffle of indices in place, drawing from rng. */
export function shuffle(indices: Int32Array, rng: Rng): void {
  for (let i = indices.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = indices[i];
    indices[i] = indices[j];
    indices[j] = t;
  }
}

/** 0, 1, …, n − 1. */
export function identityIndices(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}
