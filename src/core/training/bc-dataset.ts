import { bestPosition, oraclePlan, type OraclePlan } from '../sim/hindsight-oracle.js';
import type { EnvConfig } from '../sim/env-config.js';
import { writePositionSlots } from '../sim/position-slots.js';
import type { Rng } from '../sim/rng.js';
import { ACTIONS, OBS_SIZE, type SeriesWindow } from '../sim/training-series.js';

/** Behaviour-cloning samples: observations (n × OBS_SIZE) and the oracle's action for each. */
export interface BcDataset {
  obs: Float32Array;
  actions: Int32Array;
  n: number;
  /** How many samples came from crypto windows (the rest from stocks). */
  crypto: number;
}

/** Most samples kept: enough for 10k BC steps of 512 without bounding memory by the data. */
export const MAX_BC_SAMPLES = 400_000;

/** Longest holding time drawn for an off-path position, in bars. */
const MAX_HELD_BARS = 48;

/**
 * Share of samples whose position slots hold a random position instead of the oracle's own: the
 * learner must also know what to do from positions the oracle would not hold (PPO's policy is off
 * the oracle's path most of the time), and the plan gives the best action from any position.
 */
export const OFF_PATH_SHARE = 0.25;

/**
 * The BC training set from the TRAIN windows only: bars drawn uniformly (windows weigh by length),
 * resampled so that `cryptoShare` of the samples are crypto bars, each labelled with the hindsight
 * oracle's best position (hindsight-oracle.ts: the cost-aware optimal path over the window, by
 * dynamic programming) GIVEN the position held before the bar, which the observation's position
 * slots carry.
 *
 * On the oracle's path (1 − OFF_PATH_SHARE of the samples) the slots hold the path's previous
 * position with its real entry close and time in position, exactly as the env writes them, so the
 * label is mostly "keep it": the policy learns to trade only when the move beats the cost. The
 * other samples hold a random allowed position, opened a random 1..48 bars earlier in the segment.
 */
export function bcDataset(
  windows: SeriesWindow[],
  options: { horizon: number; env: EnvConfig; cryptoShare: number; offPathShare?: number },
  rng: Rng,
): BcDataset {
  const offPath = options.offPathShare ?? OFF_PATH_SHARE;
  const groups: { plan: OraclePlan; allowShort: boolean; bars: number }[][] = [[], []];
  const counts = [0, 0];
  for (const window of windows) {
    const crypto = window.series.market !== 'stock' ? 1 : 0;
    const allowShort = crypto === 1 || options.env.allowShortStocks;
    const plan = oraclePlan(window, { horizon: options.horizon, costs: options.env.costs, allowShort });
    const bars = Math.max(0, window.end - window.start);
    groups[crypto].push({ plan, allowShort, bars });
    counts[crypto] += bars;
  }
  const total = Math.min(MAX_BC_SAMPLES, counts[0] + counts[1]);
  const share = counts[1] === 0 ? 0 : counts[0] === 0 ? 1 : options.cryptoShare;
  const cryptoCount = Math.round(total * share);
  const obs = new Float32Array(total * OBS_SIZE);
  const actions = new Int32Array(total);
  let row = 0;
  for (const [group, wanted] of [
    [1, cryptoCount],
    [0, total - cryptoCount],
  ] as const) {
    const members = groups[group];
    if (wanted === 0 || counts[group] === 0) continue;
    const cumulative: number[] = [];
    let sum = 0;
    for (const member of members) cumulative.push((sum += member.bars));
    for (let k = 0; k < wanted; k++, row++) {
      let index = rng.int(counts[group]);
      let m = 0;
      while (index >= cumulative[m]) m++;
      if (m > 0) index -= cumulative[m - 1];
      const { plan, allowShort } = members[m];
      const { series } = plan.window;
      const bar = plan.window.start + index;
      obs.set(series.obs.subarray(bar * OBS_SIZE, (bar + 1) * OBS_SIZE), row * OBS_SIZE);
      const first = plan.segmentStart[index];
      let held = 0;
      let openBar = bar;
      if (bar > first && rng.next() < offPath) {
        held = allowShort ? rng.int(3) - 1 : rng.int(2);
        if (held !== 0) openBar = Math.max(first, bar - 1 - rng.int(MAX_HELD_BARS));
      } else if (bar > first) {
        held = plan.position[index - 1];
        openBar = plan.openBar[index - 1];
      }
      writePositionSlots(
        obs,
        row,
        held,
        series.close[bar],
        series.close[openBar],
        series.atr[bar],
        bar - openBar,
      );
      actions[row] = bestPosition(plan, bar, held) + 1;
    }
  }
  return { obs, actions, n: total, crypto: cryptoCount };
}

/** Share of samples whose label is each action (short, flat, long), for the log. */
export function actionShares(actions: Int32Array): { short: number; flat: number; long: number } {
  const c = [0, 0, 0];
  for (const a of actions) c[a]++;
  const n = Math.max(1, actions.length);
  return { short: c[ACTIONS.short] / n, flat: c[ACTIONS.flat] / n, long: c[ACTIONS.long] / n };
}
