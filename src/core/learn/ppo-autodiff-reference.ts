import { tf } from '../compute/tfjs.js';
import { policyWeightNames, type PolicySpec, type PolicyWeights } from './policy-spec.js';
import type { PpoLossCoefficients } from './ppo-loss.js';

/**
 * The PPO loss written the plain tfjs way — named tf.Variables, tf.tanh, tf.logSoftmax,
 * tf.variableGrads, tf.train.adam — as the reference the fused pass (fused-mlp.ts + ppo-loss.ts)
 * is tested against (same gradients) and benchmarked against (the "out of the box" speed). Not
 * used for training.
 */
export interface ReferenceMinibatch {
  /** [B, obsSize] */
  x: tf.Tensor2D;
  /** [B, actions] */
  actionsOneHot: tf.Tensor2D;
  /** [B, 1] each */
  oldLogProbs: tf.Tensor2D;
  advantages: tf.Tensor2D;
  returns: tf.Tensor2D;
}

export function referenceVariables(spec: PolicySpec, weights: PolicyWeights): Record<string, tf.Variable> {
  const vars: Record<string, tf.Variable> = {};
  for (const name of policyWeightNames(spec)) {
    vars[name] = tf.variable(tf.tensor(weights[name].data.slice(), weights[name].shape), true, `ref/${name}`);
  }
  return vars;
}

/** Logits [B, actions] and values [B, 1], autodiff-friendly. */
export function referenceLogitsAndValues(
  spec: PolicySpec,
  vars: Record<string, tf.Variable>,
  x: tf.Tensor2D,
): { logits: tf.Tensor2D; values: tf.Tensor2D } {
  let h: tf.Tensor2D = x;
  spec.hidden.forEach((_, k) => {
    h = tf.tanh(
      tf.add(tf.matMul(h, vars[`encoder/${k}/kernel`] as tf.Tensor2D), vars[`encoder/${k}/bias`]),
    ) as tf.Tensor2D;
  });
  const raw = tf.add(tf.matMul(h, vars['policy/kernel'] as tf.Tensor2D), vars['policy/bias']) as tf.Tensor2D;
  const n = x.shape[0];
  let logits: tf.Tensor2D = tf.slice(raw, [0, 0], [n, spec.actions]);
  if (spec.perMarketHeads) {
    const m = tf.slice(x, [0, spec.marketTypeIndex], [n, 1]);
    const crypto = tf.slice(raw, [0, spec.actions], [n, spec.actions]);
    logits = tf.add(tf.mul(m, crypto), tf.mul(tf.sub(1, m), logits));
  }
  const values = tf.add(tf.matMul(h, vars['value/kernel'] as tf.Tensor2D), vars['value/bias']) as tf.Tensor2D;
  return { logits, values };
}

/** The total PPO loss L_π + c_V·L_V − c_H·H as a scalar (definitions in ppo-loss.ts). */
export function referencePpoLoss(
  spec: PolicySpec,
  vars: Record<string, tf.Variable>,
  batch: ReferenceMinibatch,
  coef: PpoLossCoefficients,
): tf.Scalar {
  const { logits, values } = referenceLogitsAndValues(spec, vars, batch.x);
  const logProbs = tf.logSoftmax(logits);
  const logProb = tf.sum(tf.mul(logProbs, batch.actionsOneHot), 1, true);
  const ratio = tf.exp(tf.sub(logProb, batch.oldLogProbs));
  const policyLoss = tf.neg(
    tf.mean(
      tf.minimum(
        tf.mul(ratio, batch.advantages),
        tf.mul(tf.clipByValue(ratio, 1 - coef.clipRange, 1 + coef.clipRange), batch.advantages),
      ),
    ),
  );
  const valueLoss = tf.mean(tf.square(tf.sub(values, batch.returns)));
  const entropy = tf.mean(tf.neg(tf.sum(tf.mul(tf.exp(logProbs), logProbs), 1)));
  return tf.sub(tf.add(policyLoss, tf.mul(valueLoss, coef.valueCoef)), tf.mul(entropy, coef.entropyCoef));
}

/** Gradients of referencePpoLoss by tf.variableGrads, by weight name. */
export function referencePpoGradients(
  spec: PolicySpec,
  vars: Record<string, tf.Variable>,
  batch: ReferenceMinibatch,
  coef: PpoLossCoefficients,
): { loss: tf.Scalar; grads: Record<string, tf.Tensor> } {
  const { value, grads } = tf.variableGrads(
    () => referencePpoLoss(spec, vars, batch, coef),
    Object.values(vars),
  );
  const byName: Record<string, tf.Tensor> = {};
  for (const [name, v] of Object.entries(vars)) byName[name] = grads[v.name];
  return { loss: value, grads: byName };
}

/**
 * One plain optimizer step: variableGrads, global-norm clipping, tf.train.adam. The bench times
 * minibatches of this against PpoTrainer's fused update.
 */
export class ReferencePpoUpdater {
  readonly vars: Record<string, tf.Variable>;
  private readonly optimizer: tf.AdamOptimizer;

  constructor(
    private readonly spec: PolicySpec,
    weights: PolicyWeights,
    learningRate: number,
    private readonly coef: PpoLossCoefficients & { maxGradNorm: number },
  ) {
    this.vars = referenceVariables(spec, weights);
    this.optimizer = tf.train.adam(learningRate, 0.9, 0.999, 1e-5);
  }

  /** Returns the loss as a scalar tensor the caller disposes. */
  step(batch: ReferenceMinibatch): tf.Scalar {
    return tf.tidy(() => {
      const { loss, grads } = referencePpoGradients(this.spec, this.vars, batch, this.coef);
      const names = Object.keys(grads);
      const norm = tf.sqrt(tf.addN(names.map((n) => tf.sum(tf.square(grads[n])))));
      const scale = tf.minimum(1, tf.div(this.coef.maxGradNorm, tf.add(norm, 1e-6)));
      const clipped: Record<string, tf.Variable> = {};
      for (const n of names) clipped[this.vars[n].name] = tf.mul(grads[n], scale) as tf.Variable;
      this.optimizer.applyGradients(clipped);
      return loss;
    });
  }

  dispose(): void {
    tf.dispose(Object.values(this.vars));
    this.optimizer.dispose();
  }
}
