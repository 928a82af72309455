/**
 * What the PPO trainer needs of an environment: N envs stepped together over typed arrays
 * (src/core/sim/vec-env.ts has exactly this shape). Envs reset themselves when an episode ends:
 * the obs returned by step() for an env whose done flag is 1 is the first observation of its
 * next episode. The arrays returned may be reused by the env on its next call; the trainer copies
 * what it keeps.
 */
export interface RolloutEnv {
  readonly numEnvs: number;
  /** numEnvs × obsSize: the current observations. */
  readonly obs: Float32Array;
  reset(): Float32Array;
  step(actions: Int32Array): { obs: Float32Array; rewards: Float32Array; dones: Uint8Array };
  /** Episodes finished since the last call, with their mean total reward and length. */
  drainEpisodeStats(): { episodes: number; meanReward: number; meanLength: number };
}
