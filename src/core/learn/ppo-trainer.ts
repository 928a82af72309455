import { performance } from 'node:perf_hooks';
import { tf } from '../compute/tfjs.js';
import type { Rng } from '../sim/rng.js';
import { FlatAdam } from './flat-adam.js';
import { FusedPolicyPass } from './fused-mlp.js';
import { computeGae } from './gae.js';
import { identityIndices, MinibatchGatherer, shuffle } from './minibatch.js';
import { packWeights, unpackWeights } from './param-layout.js';
import type { PolicyNetwork } from './policy-network.js';
import type { PolicyWeights } from './policy-spec.js';
import { PPO_STATS, ppoLossGradients } from './ppo-loss.js';
import { ReturnNormalizer, type ReturnStats } from './return-normalizer.js';
import type { RolloutEnv } from './rollout-env.js';

export interface PpoConfig {
  /** Steps per env per iteration: a rollout is rolloutSteps × numEnvs samples. */
  rolloutSteps: number;
  /** Passes over the rollout per iteration. */
  epochs: number;
  /** Samples per gradient step (the last minibatch of an epoch may be shorter). */
  minibatchSize: number;
  learningRate: number;
  /** Reached linearly at update totalUpdates − 1. */
  finalLearningRate: number;
  gamma: number;
  gaeLambda: number;
  clipRange: number;
  valueCoef: number;
  entropyCoef: number;
  /** Global gradient norm limit (torch.nn.utils.clip_grad_norm_ semantics). */
  maxGradNorm: number;
  /** Stop an iteration's epochs once an epoch's mean approx KL exceeds 1.5 × this; null: never. */
  targetKl: number | null;
  /** Updates the learning-rate schedule spans. */
  totalUpdates: number;
}

export const defaultPpoConfig: PpoConfig = {
  rolloutSteps: 128,
  epochs: 4,
  minibatchSize: 4096,
  learningRate: 3e-4,
  finalLearningRate: 3e-5,
  // An action sets the position for one bar; later rewards depend on it only through the cost of
  // the next change. γ 0.99 / λ 0.95 summed ~20 bars of unrelated return noise into each advantage,
  // and with c_H 0.01 the sampled policy's trading costs collapsed it (entropy 0.88 → 0.03 within
  // ~100 Quick iterations) to one constant position on every hold-out series. Measured on BTC+ETH
  // 2021 + AAPL 1h, seeds 3/7/11: γ 0.95, λ 0.9, c_H 0.05 keeps entropy 0.4–0.55 at the end of PPO and
  // the greedy policy trades 29–141 times per hold-out series; c_H 0.05 alone at γ 0.99 still
  // collapsed (to flat) for seed 3, c_H 0.1 traded away its edge (Sharpe −2.9). With the value head on
  // normalised returns, c_H 0.05 collapsed seeds 3 and 11 again; 0.07 keeps all of seeds 1/2/3/5/7/11
  // trading (docs/training.md has the numbers).
  gamma: 0.95,
  gaeLambda: 0.9,
  clipRange: 0.2,
  valueCoef: 0.5,
  entropyCoef: 0.07,
  maxGradNorm: 0.5,
  targetKl: 0.03,
  totalUpdates: 1000,
};

export interface PpoIterationStats {
  /** Env steps collected in THIS iteration (rolloutSteps × numEnvs). */
  envSteps: number;
  /** Mean total reward of the episodes that ended during this iteration's rollout; null if none did. */
  meanEpisodeReward: number | null;
  /** Means over the minibatches of this iteration's update (before each step). */
  policyLoss: number;
  valueLoss: number;
  entropy: number;
  approxKl: number;
  clipFraction: number;
  /** The learning rate this iteration's update used. */
  learningRate: number;
  rolloutMs: number;
  updateMs: number;
}

/** Everything needed to continue training exactly: plain typed arrays, ready to write to disk. */
export interface TrainerState {
  weights: PolicyWeights;
  optimizer: { step: number; m: PolicyWeights; v: PolicyWeights };
  /** Updates (iterations) done so far: the learning-rate schedule's position. */
  updates: number;
  /** The trainer's Rng state (action sampling and minibatch shuffles). */
  rngState: number;
  /** Running statistics of the value targets: the value head outputs (R − mean)/σ. */
  returnStats: ReturnStats;
}

/** Linear from learningRate (update 0) to finalLearningRate (update totalUpdates − 1 and later). */
export function scheduledLearningRate(config: PpoConfig, update: number): number {
  const frac = Math.min(1, update / Math.max(1, config.totalUpdates - 1));
  return config.learningRate + frac * (config.finalLearningRate - config.learningRate);
}

/** Rollout storage, step-major (index t·N + e). */
interface Rollout {
  steps: number;
  envs: number;
  obs: Float32Array;
  actions: Int32Array;
  logProbs: Float32Array;
  values: Float32Array;
  rewards: Float32Array;
  dones: Uint8Array;
  lastValues: Float32Array;
  advantages: Float32Array;
  returns: Float32Array;
  indices: Int32Array;
}

/**
 * Proximal policy optimisation on a RolloutEnv. Each iterate(): collect rolloutSteps × numEnvs
 * samples with the current policy, GAE(λ) advantages, then `epochs` passes of shuffled
 * minibatches with the clipped objective + value loss − entropy bonus (ppo-loss.ts), per-minibatch
 * advantage normalisation, global-norm gradient clipping and Adam over the flat parameters, with
 * the learning rate on a linear schedule and an optional KL early stop.
 *
 * The value head is trained on normalised returns (return-normalizer.ts): the network's value is
 * (R − μ)/σ with running μ, σ of the targets. GAE runs on denormalised values (v·σ + μ), then the
 * statistics take in the rollout's returns and the value loss compares v with (R − μ)/σ.
 *
 * Speed: the forward/backward pass is fused by hand (fused-mlp.ts), tensors stay on the backend
 * for a whole update, and the stats are read back once per update (once per epoch with a KL
 * target). All randomness (sampling, shuffles) draws from the Rng given.
 */
export class PpoTrainer {
  private readonly adam: FlatAdam;
  private readonly gatherer: MinibatchGatherer;
  private readonly pass: FusedPolicyPass;
  private rollout: Rollout | null = null;
  private env: RolloutEnv | null = null;
  private currentObs = new Float32Array(0);
  private updates = 0;
  private readonly returns = new ReturnNormalizer();

  constructor(
    readonly network: PolicyNetwork,
    readonly config: PpoConfig,
    private readonly rng: Rng,
  ) {
    checkPpoConfig(config);
    this.adam = new FlatAdam(network.layout.size);
    this.gatherer = new MinibatchGatherer(network.spec);
    this.pass = new FusedPolicyPass(network.layout);
  }

  /** Updates done so far. */
  get updatesDone(): number {
    return this.updates;
  }

  /** The value scale: the network's value v stands for a return of v·std + mean. */
  get valueScale(): { mean: number; std: number } {
    return { mean: this.returns.mean, std: this.returns.std };
  }

  /** Statistics of the value targets (to hand to a trainer that continues on the same network). */
  get returnStats(): ReturnStats {
    return this.returns.state;
  }

  set returnStats(stats: ReturnStats) {
    this.returns.state = stats;
  }

  /** One rollout and one update. A env not seen by the previous call is reset first. */
  async iterate(env: RolloutEnv): Promise<PpoIterationStats> {
    const started = performance.now();
    const rollout = this.collect(env);
    const collected = performance.now();
    this.returns.denormalize(rollout.values);
    this.returns.denormalize(rollout.lastValues);
    computeGae(rollout, this.config.gamma, this.config.gaeLambda, rollout.advantages, rollout.returns);
    this.returns.update(rollout.returns);
    this.returns.normalize(rollout.returns);
    const learningRate = scheduledLearningRate(this.config, this.updates);
    const stats = this.update(rollout, learningRate);
    this.updates++;
    const episodes = env.drainEpisodeStats();
    return {
      envSteps: rollout.steps * rollout.envs,
      meanEpisodeReward: episodes.episodes > 0 ? episodes.meanReward : null,
      ...stats,
      learningRate,
      rolloutMs: collected - started,
      updateMs: performance.now() - collected,
    };
  }

  getState(): TrainerState {
    const layout = this.network.layout;
    const optimizer = this.adam.getState();
    return {
      weights: this.network.getWeights(),
      optimizer: {
        step: optimizer.step,
        m: unpackWeights(layout, optimizer.m),
        v: unpackWeights(layout, optimizer.v),
      },
      updates: this.updates,
      rngState: this.rng.state,
      returnStats: this.returns.state,
    };
  }

  /** Restores a state; the next iterate() starts from a reset env. */
  setState(state: TrainerState): void {
    const layout = this.network.layout;
    this.network.setWeights(state.weights);
    this.adam.setState({
      step: state.optimizer.step,
      m: packWeights(layout, state.optimizer.m),
      v: packWeights(layout, state.optimizer.v),
    });
    this.updates = state.updates;
    this.rng.state = state.rngState;
    this.returns.state = state.returnStats;
    this.env = null;
  }

  /** Frees the optimizer's tensors (not the network's). */
  dispose(): void {
    this.adam.dispose();
    this.pass.dispose();
  }

  private collect(env: RolloutEnv): Rollout {
    const { obsSize } = this.network.spec;
    const n = env.numEnvs;
    const rollout = this.rolloutFor(n);
    if (this.env !== env || this.currentObs.length !== n * obsSize) {
      this.currentObs = Float32Array.from(env.reset().subarray(0, n * obsSize));
      this.env = env;
    }
    const obs = this.currentObs;
    for (let t = 0; t < rollout.steps; t++) {
      const at = t * n;
      rollout.obs.set(obs, at * obsSize);
      const act = this.network.act(obs, n, 'sample', this.rng);
      rollout.actions.set(act.actions, at);
      rollout.logProbs.set(act.logProbs, at);
      rollout.values.set(act.values, at);
      const step = env.step(act.actions);
      rollout.rewards.set(step.rewards.subarray(0, n), at);
      rollout.dones.set(step.dones.subarray(0, n), at);
      obs.set(step.obs.subarray(0, n * obsSize));
    }
    rollout.lastValues.set(this.network.act(obs, n, 'greedy', this.rng).values);
    return rollout;
  }

  private rolloutFor(envs: number): Rollout {
    const steps = this.config.rolloutSteps;
    if (this.rollout && this.rollout.envs === envs) return this.rollout;
    const total = steps * envs;
    this.rollout = {
      steps,
      envs,
      obs: new Float32Array(total * this.network.spec.obsSize),
      actions: new Int32Array(total),
      logProbs: new Float32Array(total),
      values: new Float32Array(total),
      rewards: new Float32Array(total),
      dones: new Uint8Array(total),
      lastValues: new Float32Array(envs),
      advantages: new Float32Array(total),
      returns: new Float32Array(total),
      indices: identityIndices(total),
    };
    return this.rollout;
  }

  private update(
    rollout: Rollout,
    learningRate: number,
  ): Pick<PpoIterationStats, 'policyLoss' | 'valueLoss' | 'entropy' | 'approxKl' | 'clipFraction'> {
    const { config, network, gatherer } = this;
    const pass = this.pass;
    const total = rollout.steps * rollout.envs;
    const batch = Math.min(config.minibatchSize, total);
    // From the identity each update, so the shuffles depend only on the Rng (checkpoints hold its state).
    const indices = rollout.indices;
    for (let i = 0; i < total; i++) indices[i] = i;
    let sums = tf.zeros([PPO_STATS.length]) as tf.Tensor1D;
    let minibatches = 0;
    try {
      for (let epoch = 0; epoch < config.epochs; epoch++) {
        shuffle(indices, this.rng);
        let epochSums = tf.zeros([PPO_STATS.length]) as tf.Tensor1D;
        let epochMinibatches = 0;
        for (let from = 0; from < total; from += batch) {
          const count = Math.min(batch, total - from);
          const obs = gatherer.observations(rollout.obs, indices, from, count);
          const inputs = {
            actionsOneHot: gatherer.oneHotActions(rollout.actions, indices, from, count),
            oldLogProbs: gatherer.column(rollout.logProbs, indices, from, count, 0),
            advantages: gatherer.column(rollout.advantages, indices, from, count, 1, true),
            returns: gatherer.column(rollout.returns, indices, from, count, 2),
          };
          const params = network.parameters;
          const [grad, stats] = tf.tidy(() => {
            const forward = pass.forward(params, obs.x, obs.xtAug, obs.market);
            const loss = ppoLossGradients(forward.logits, forward.values, inputs, config);
            const g = pass.gradient(params, forward, obs.xtAug, loss.dLogits, loss.dValues, obs.market);
            return [g, loss.stats];
          });
          tf.dispose([obs.x, obs.xtAug, obs.market ?? [], ...Object.values(inputs)]);
          const next = this.adam.update(params, grad, learningRate, config.maxGradNorm);
          network.replaceParameters(next.params);
          const added = tf.add(epochSums, stats) as tf.Tensor1D;
          tf.dispose([grad, stats, next.gradNorm, epochSums]);
          epochSums = added;
          epochMinibatches++;
        }
        const added = tf.add(sums, epochSums) as tf.Tensor1D;
        sums.dispose();
        sums = added;
        minibatches += epochMinibatches;
        if (config.targetKl !== null) {
          // One readback per epoch: the KL of this epoch decides whether to go on.
          const kl = epochSums.dataSync()[PPO_STATS.indexOf('approxKl')] / epochMinibatches;
          epochSums.dispose();
          if (kl > 1.5 * config.targetKl) break;
        } else {
          epochSums.dispose();
        }
      }
      const mean = sums.dataSync();
      const stat = (name: (typeof PPO_STATS)[number]) => mean[PPO_STATS.indexOf(name)] / minibatches;
      return {
        policyLoss: stat('policyLoss'),
        valueLoss: stat('valueLoss'),
        entropy: stat('entropy'),
        approxKl: stat('approxKl'),
        clipFraction: stat('clipFraction'),
      };
    } finally {
      sums.dispose();
    }
  }
}

/** Throws a RangeError naming the first setting out of range. */
export function checkPpoConfig(config: PpoConfig): void {
  const positiveInt = ['rolloutSteps', 'epochs', 'minibatchSize', 'totalUpdates'] as const;
  for (const key of positiveInt) {
    if (!Number.isInteger(config[key]) || config[key] < 1) {
      throw new RangeError(`PPO config: ${key} must be a whole number ≥ 1, got ${config[key]}`);
    }
  }
  const nonNegative = ['learningRate', 'finalLearningRate', 'valueCoef', 'entropyCoef'] as const;
  for (const key of nonNegative) {
    if (!(config[key] >= 0)) throw new RangeError(`PPO config: ${key} must be ≥ 0, got ${config[key]}`);
  }
  const unit = ['gamma', 'gaeLambda'] as const;
  for (const key of unit) {
    if (!(config[key] >= 0 && config[key] <= 1)) {
      throw new RangeError(`PPO config: ${key} must be in [0, 1], got ${config[key]}`);
    }
  }
  if (!(config.clipRange > 0))
    throw new RangeError(`PPO config: clipRange must be > 0, got ${config.clipRange}`);
  if (!(config.maxGradNorm > 0)) {
    throw new RangeError(`PPO config: maxGradNorm must be > 0, got ${config.maxGradNorm}`);
  }
  if (config.targetKl !== null && !(config.targetKl > 0)) {
    throw new RangeError(`PPO config: targetKl must be > 0 or null, got ${config.targetKl}`);
  }
}
