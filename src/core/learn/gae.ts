/**
 * Generalised advantage estimation over a rollout of T steps × N envs, stored step-major (index
 * t·N + e). dones[t·N + e] = 1 when env e's episode ended with step t: the value after it belongs
 * to a new episode, so neither the bootstrap nor the advantage crosses it. Episode ends at a data
 * gap or at the episode length are truncations, but the env interface gives no final observation
 * to bootstrap from, so they are treated like terminal states (the usual simplification).
 *
 *   δ_t = r_t + γ·V_{t+1}·(1 − done_t) − V_t
 *   Â_t = δ_t + γλ·(1 − done_t)·Â_{t+1}
 *   R_t = Â_t + V_t   (the value target)
 */
export function computeGae(
  rollout: {
    steps: number;
    envs: number;
    rewards: Float32Array;
    values: Float32Array;
    dones: Uint8Array;
    /** V of the observation after the last step, per env. */
    lastValues: Float32Array;
  },
  gamma: number,
  lambda: number,
  advantages: Float32Array,
  returns: Float32Array,
): void {
  const { steps, envs, rewards, values, dones, lastValues } = rollout;
  for (let e = 0; e < envs; e++) {
    let nextValue = lastValues[e];
    let nextAdvantage = 0;
    for (let t = steps - 1; t >= 0; t--) {
      const i = t * envs + e;
      const live = dones[i] ? 0 : 1;
      const delta = rewards[i] + gamma * nextValue * live - values[i];
      nextAdvantage = delta + gamma * lambda * live * nextAdvantage;
      advantages[i] = nextAdvantage;
      returns[i] = nextAdvantage + values[i];
      nextValue = values[i];
    }
  }
}
