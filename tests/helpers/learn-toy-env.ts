import type { RolloutEnv } from '../../src/core/learn/rollout-env.js';
import { ACTION_POSITION } from '../../src/core/sim/training-series.js';
import { Rng } from '../../src/core/sim/rng.js';

/**
 * A small deterministic task whose optimal action is known, for the PPO tests: the observation's
 * slot 0 tells the sign s = ±1 of the next return (the other slots are noise, the market-type
 * slot is 0 or 1 per episode, exercising both heads), and the reward of action a is
 * position(a) · s. Long when s = +1 and short when s = −1 is optimal (reward 1 per step; a random
 * policy earns 0 on average). Episodes last `episodeLength` steps.
 */
export class SignEnv implements RolloutEnv {
  readonly obs: Float32Array;
  private readonly rewards: Float32Array;
  private readonly dones: Uint8Array;
  private readonly signs: Float32Array;
  private readonly markets: Float32Array;
  private readonly steps: Int32Array;
  private readonly totals: Float64Array;
  private episodes = 0;
  private rewardSum = 0;
  private lengthSum = 0;
  private readonly rng: Rng;

  constructor(
    readonly numEnvs: number,
    readonly obsSize: number,
    readonly marketTypeIndex: number,
    seed: number,
    readonly episodeLength = 16,
  ) {
    this.rng = new Rng(seed);
    this.obs = new Float32Array(numEnvs * obsSize);
    this.rewards = new Float32Array(numEnvs);
    this.dones = new Uint8Array(numEnvs);
    this.signs = new Float32Array(numEnvs);
    this.markets = new Float32Array(numEnvs);
    this.steps = new Int32Array(numEnvs);
    this.totals = new Float64Array(numEnvs);
  }

  reset(): Float32Array {
    for (let e = 0; e < this.numEnvs; e++) this.startEpisode(e);
    return this.obs;
  }

  step(actions: Int32Array): { obs: Float32Array; rewards: Float32Array; dones: Uint8Array } {
    for (let e = 0; e < this.numEnvs; e++) {
      const reward = ACTION_POSITION[actions[e]] * this.signs[e];
      this.rewards[e] = reward;
      this.totals[e] += reward;
      this.steps[e]++;
      if (this.steps[e] >= this.episodeLength) {
        this.dones[e] = 1;
        this.episodes++;
        this.rewardSum += this.totals[e];
        this.lengthSum += this.steps[e];
        this.startEpisode(e);
      } else {
        this.dones[e] = 0;
        this.observe(e);
      }
    }
    return { obs: this.obs, rewards: this.rewards, dones: this.dones };
  }

  drainEpisodeStats(): { episodes: number; meanReward: number; meanLength: number } {
    const out = {
      episodes: this.episodes,
      meanReward: this.episodes > 0 ? this.rewardSum / this.episodes : 0,
      meanLength: this.episodes > 0 ? this.lengthSum / this.episodes : 0,
    };
    this.episodes = 0;
    this.rewardSum = 0;
    this.lengthSum = 0;
    return out;
  }

  /** Observations of n fresh states and the optimal action of each (for measuring a policy). */
  static probe(
    n: number,
    obsSize: number,
    marketTypeIndex: number,
    seed: number,
  ): { obs: Float32Array; best: Int32Array } {
    const env = new SignEnv(n, obsSize, marketTypeIndex, seed);
    env.reset();
    const best = Int32Array.from(env.signs, (s) => (s > 0 ? 2 : 0));
    return { obs: env.obs.slice(), best };
  }

  private startEpisode(e: number): void {
    this.steps[e] = 0;
    this.totals[e] = 0;
    this.markets[e] = this.rng.int(2);
    this.observe(e);
  }

  private observe(e: number): void {
    const row = e * this.obsSize;
    this.signs[e] = this.rng.next() < 0.5 ? -1 : 1;
    for (let f = 0; f < this.obsSize; f++) this.obs[row + f] = 0.5 * this.rng.normal();
    this.obs[row] = this.signs[e];
    this.obs[row + this.marketTypeIndex] = this.markets[e];
  }
}
