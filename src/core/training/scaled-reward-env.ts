import type { RolloutEnv } from '../learn/rollout-env.js';
import type { VecEnv } from '../sim/vec-env.js';

/**
 * The environment as the PPO learner sees it: rewards times a constant. The environment's reward
 * is (log return / σ) · position · 100 − costs (the brief's units: per-step rewards of ±100s),
 * and the value head learns discounted sums of them; scaled down, the value targets stay near
 * one, so (a) the value loss does not swamp the policy's gradient under global-norm clipping, and
 * (b) the value outputs stay small enough for float32 tfjs and onnxruntime to agree within 1e-5.
 * A constant factor leaves the optimal policy unchanged, and advantages are normalised per
 * minibatch anyway. Episode statistics pass through unscaled, in the brief's units.
 */
export class ScaledRewardEnv implements RolloutEnv {
  private readonly rewards: Float32Array;
  private readonly result: { obs: Float32Array; rewards: Float32Array; dones: Uint8Array };

  constructor(
    readonly env: VecEnv,
    readonly scale: number,
  ) {
    if (!(scale > 0) || !Number.isFinite(scale))
      throw new RangeError(`reward scale must be a positive number, got ${scale}`);
    this.rewards = new Float32Array(env.numEnvs);
    this.result = { obs: env.obs, rewards: this.rewards, dones: new Uint8Array(0) };
  }

  get numEnvs(): number {
    return this.env.numEnvs;
  }

  get obs(): Float32Array {
    return this.env.obs;
  }

  reset(): Float32Array {
    return this.env.reset();
  }

  step(actions: Int32Array): { obs: Float32Array; rewards: Float32Array; dones: Uint8Array } {
    const out = this.env.step(actions);
    const n = this.rewards.length;
    for (let k = 0; k < n; k++) this.rewards[k] = out.rewards[k] * this.scale;
    this.result.obs = out.obs;
    this.result.dones = out.dones;
    return this.result;
  }

  drainEpisodeStats(): { episodes: number; meanReward: number; meanLength: number } {
    return this.env.drainEpisodeStats();
  }
}
