import { tf } from '../compute/tfjs.js';
import type { Rng } from '../sim/rng.js';
import { FlatAdam } from './flat-adam.js';
import { FusedPolicyPass } from './fused-mlp.js';
import { identityIndices, MinibatchGatherer, shuffle } from './minibatch.js';
import type { PolicyNetwork } from './policy-network.js';
import { crossEntropyGradients } from './ppo-loss.js';

export interface BehaviorCloningConfig {
  /** Gradient steps in this call (a resumed run passes the steps still to do). */
  steps: number;
  batchSize: number;
  learningRate: number;
  /** Steps between progress reports (and loss readbacks); default 25. The last step always reports. */
  progressEvery?: number;
}

export interface BehaviorCloningProgress {
  /** Steps done in this call so far. */
  step: number;
  /** Mean cross-entropy and label agreement over the steps since the previous report. */
  loss: number;
  accuracy: number;
}

export const DEFAULT_BC_PROGRESS_EVERY = 25;

/**
 * Behaviour cloning: supervised cross-entropy of the policy logits (the per-market mix, as the
 * policy acts) against expert actions, with Adam (fresh each call) over the flat parameters and
 * the fused forward/backward pass; the value head is left as it is. Minibatches are drawn without
 * replacement from a seeded shuffle, reshuffled after each pass over the data.
 *
 * Loss and accuracy stay on the backend and are read back once per report. `shouldStop` is
 * checked before every step; the result counts the steps actually done.
 */
export async function trainBehaviorCloning(
  network: PolicyNetwork,
  data: { obs: Float32Array; actions: Int32Array; n: number },
  config: BehaviorCloningConfig,
  rng: Rng,
  onProgress?: (p: BehaviorCloningProgress) => void | Promise<void>,
  shouldStop?: () => boolean,
): Promise<{ steps: number; loss: number; accuracy: number }> {
  const { spec, layout } = network;
  const { n } = data;
  checkData(data, spec.obsSize, spec.actions);
  if (!Number.isInteger(config.steps) || config.steps < 0) {
    throw new RangeError(`behaviour cloning: steps must be a whole number ≥ 0, got ${config.steps}`);
  }
  if (!Number.isInteger(config.batchSize) || config.batchSize < 1) {
    throw new RangeError(`behaviour cloning: batchSize must be a whole number ≥ 1, got ${config.batchSize}`);
  }
  const every = config.progressEvery ?? DEFAULT_BC_PROGRESS_EVERY;
  const batch = Math.min(config.batchSize, n);
  const indices = identityIndices(n);
  shuffle(indices, rng);
  let cursor = 0;

  const pass = new FusedPolicyPass(layout);
  const adam = new FlatAdam(layout.size);
  const gatherer = new MinibatchGatherer(spec);
  let sums = tf.zeros([2]) as tf.Tensor1D;
  let inWindow = 0;
  let last = { loss: NaN, accuracy: NaN };
  let done = 0;
  const report = async () => {
    const s = sums.dataSync();
    last = { loss: s[0] / inWindow, accuracy: s[1] / inWindow };
    sums.dispose();
    sums = tf.zeros([2]) as tf.Tensor1D;
    inWindow = 0;
    await onProgress?.({ step: done, ...last });
  };
  try {
    while (done < config.steps) {
      if (shouldStop?.()) break;
      if (cursor + batch > n) {
        shuffle(indices, rng);
        cursor = 0;
      }
      const obs = gatherer.observations(data.obs, indices, cursor, batch);
      const labels = gatherer.oneHotActions(data.actions, indices, cursor, batch);
      cursor += batch;
      const params = network.parameters;
      const [grad, stats] = tf.tidy(() => {
        const forward = pass.forward(params, obs.x, obs.xtAug, obs.market);
        const ce = crossEntropyGradients(forward.logits, labels);
        const dValues = tf.zeros([batch, 1]) as tf.Tensor2D;
        return [pass.gradient(params, forward, obs.xtAug, ce.dLogits, dValues, obs.market), ce.stats];
      });
      tf.dispose([obs.x, obs.xtAug, obs.market ?? [], labels]);
      const next = adam.update(params, grad, config.learningRate, null);
      network.replaceParameters(next.params);
      const added = tf.add(sums, stats) as tf.Tensor1D;
      tf.dispose([grad, stats, next.gradNorm, sums]);
      sums = added;
      inWindow++;
      done++;
      if (done % every === 0 || done === config.steps) await report();
    }
    if (inWindow > 0) await report();
    return { steps: done, ...last };
  } finally {
    sums.dispose();
    adam.dispose();
    pass.dispose();
  }
}

function checkData(
  data: { obs: Float32Array; actions: Int32Array; n: number },
  obsSize: number,
  actions: number,
): void {
  const { n } = data;
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`behaviour cloning: needs at least one labelled observation, got n = ${n}`);
  }
  if (data.obs.length < n * obsSize || data.actions.length < n) {
    throw new RangeError(
      `behaviour cloning: ${n} samples need ${n * obsSize} observation values and ${n} actions, ` +
        `got ${data.obs.length} and ${data.actions.length}`,
    );
  }
  for (let i = 0; i < n; i++) {
    const a = data.actions[i];
    if (!(a >= 0 && a < actions)) {
      throw new RangeError(`behaviour cloning: action ${a} at sample ${i} is not in 0..${actions - 1}`);
    }
  }
}
