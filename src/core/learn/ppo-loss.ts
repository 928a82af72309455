import { tf } from '../compute/tfjs.js';

/**
 * PPO's loss and its gradient with respect to the logits and the value, in closed form (so the
 * backward pass needs no autodiff tape):
 *
 *   ratio   r = exp(log π(a|s) − log π_old(a|s))
 *   policy  L_π = −mean(min(r·Â, clip(r, 1 − ε, 1 + ε)·Â))
 *   value   L_V = mean((V − R)²)
 *   entropy H = mean(−Σ_a p_a log p_a)
 *   total   L = L_π + c_V·L_V − c_H·H
 *
 * Gradients (per sample, B = batch size):
 *   ∂L/∂log π(a|s) = −Â·r/B where the unclipped term is the minimum (else 0: the clipped term
 *                    is flat in r); ∂log π(a|s)/∂z = onehot(a) − p
 *   ∂(−c_H·H)/∂z   = (c_H/B)·p ⊙ (log p + H_sample)
 *   ∂L/∂V          = 2·c_V·(V − R)/B
 * ppo-autodiff-reference.ts writes the same loss with tfjs autodiff; a unit test holds the two equal.
 */
export interface PpoLossCoefficients {
  clipRange: number;
  valueCoef: number;
  entropyCoef: number;
}

/** One minibatch on the backend: every tensor has B rows. */
export interface PpoMinibatchTensors {
  /** [B, actions] one-hot of the actions taken. */
  actionsOneHot: tf.Tensor2D;
  /** [B, 1] log-probabilities of those actions when they were taken. */
  oldLogProbs: tf.Tensor2D;
  /** [B, 1] advantages (already normalised). */
  advantages: tf.Tensor2D;
  /** [B, 1] value targets. */
  returns: tf.Tensor2D;
}

/** Order of the values in the stats vector. */
export const PPO_STATS = ['policyLoss', 'valueLoss', 'entropy', 'approxKl', 'clipFraction'] as const;

export interface PpoLossGradients {
  dLogits: tf.Tensor2D;
  dValues: tf.Tensor2D;
  /** [5] in PPO_STATS order, means over the minibatch (approxKl is mean((r − 1) − log r)). */
  stats: tf.Tensor1D;
}

/** Run inside a tf.tidy. */
export function ppoLossGradients(
  logits: tf.Tensor2D,
  values: tf.Tensor2D,
  batch: PpoMinibatchTensors,
  coef: PpoLossCoefficients,
): PpoLossGradients {
  const n = logits.shape[0];
  const { logProbs, probs, entropy } = logSoftmaxParts(logits);
  const logProb = tf.sum(tf.mul(logProbs, batch.actionsOneHot), 1, true);
  const logRatio = tf.sub(logProb, batch.oldLogProbs);
  const ratio = tf.exp(logRatio);
  const unclipped = tf.mul(ratio, batch.advantages);
  const clipped = tf.mul(tf.clipByValue(ratio, 1 - coef.clipRange, 1 + coef.clipRange), batch.advantages);
  // tf.minimum passes the gradient to its first argument on ties; so does this mask.
  const takesUnclipped = tf.cast(tf.lessEqual(unclipped, clipped), 'float32');
  const dLogProb = tf.mul(tf.mul(takesUnclipped, unclipped), -1 / n);
  const dLogits = tf.add(
    tf.mul(dLogProb, tf.sub(batch.actionsOneHot, probs)),
    tf.mul(tf.mul(probs, tf.add(logProbs, entropy)), coef.entropyCoef / n),
  ) as tf.Tensor2D;
  const valueError = tf.sub(values, batch.returns);
  const dValues = tf.mul(valueError, (2 * coef.valueCoef) / n) as tf.Tensor2D;

  const stats = tf.div(
    tf.stack([
      tf.neg(tf.sum(tf.minimum(unclipped, clipped))),
      tf.sum(tf.square(valueError)),
      tf.sum(entropy),
      tf.sum(tf.sub(tf.sub(ratio, 1), logRatio)),
      tf.sum(tf.cast(tf.greater(tf.abs(tf.sub(ratio, 1)), coef.clipRange), 'float32')),
    ]),
    n,
  ) as tf.Tensor1D;
  return { dLogits, dValues, stats };
}

/**
 * Cross-entropy against label actions (behaviour cloning): loss = −mean(log p[label]), gradient
 * (p − onehot)/B; stats [2] = [loss, accuracy] (argmax of the logits equals the label).
 */
export function crossEntropyGradients(
  logits: tf.Tensor2D,
  labelsOneHot: tf.Tensor2D,
): { dLogits: tf.Tensor2D; stats: tf.Tensor1D } {
  const n = logits.shape[0];
  const { logProbs, probs } = logSoftmaxParts(logits);
  const dLogits = tf.mul(tf.sub(probs, labelsOneHot), 1 / n) as tf.Tensor2D;
  const loss = tf.div(tf.neg(tf.sum(tf.mul(logProbs, labelsOneHot))), n);
  const accuracy = tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(labelsOneHot, 1)), 'float32'));
  return { dLogits, stats: tf.stack([loss, accuracy]) as tf.Tensor1D };
}

/**
 * log softmax, softmax and per-row entropy [B, 1] with few ops (tf.logSoftmax is ~4× slower on
 * wasm than these five).
 */
function logSoftmaxParts(logits: tf.Tensor2D): {
  logProbs: tf.Tensor2D;
  probs: tf.Tensor2D;
  entropy: tf.Tensor2D;
} {
  const shifted = tf.sub(logits, tf.max(logits, 1, true));
  const exps = tf.exp(shifted);
  const sums = tf.sum(exps, 1, true);
  const logProbs = tf.sub(shifted, tf.log(sums)) as tf.Tensor2D;
  const probs = tf.div(exps, sums) as tf.Tensor2D;
  const entropy = tf.neg(tf.sum(tf.mul(probs, logProbs), 1, true)) as tf.Tensor2D;
  return { logProbs, probs, entropy };
}
