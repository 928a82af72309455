import { oracleActions } from '../sim/hindsight-oracle.js';
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

/** Longest holding time drawn for the position slots of a sample, in bars. */
const MAX_HELD_BARS = 48;

/**
 * The BC training set from the TRAIN windows only: every bar with the hindsight oracle's action
 * (hindsight-oracle.ts: the best position over the next `horizon` bars after round-trip costs,
 * computed inside the window), resampled so that `cryptoShare` of the samples are crypto bars.
 *
 * The observation's position slots get a random position (short, flat or long, held for a random
 * number of bars since a real earlier close): the oracle's target does not depend on what is held,
 * and the policy must learn that from states it will meet in PPO, not only from flat ones.
 */
export function bcDataset(
  windows: SeriesWindow[],
  options: { horizon: number; env: EnvConfig; cryptoShare: number },
  rng: Rng,
): BcDataset {
  const groups: { window: SeriesWindow; labels: Int32Array }[][] = [[], []];
  const counts = [0, 0];
  for (const window of windows) {
    const crypto = window.series.market !== 'stock' ? 1 : 0;
    const allowShort = crypto === 1 || options.env.allowShortStocks;
    const labels = oracleActions(window, { horizon: options.horizon, costs: options.env.costs, allowShort });
    groups[crypto].push({ window, labels });
    counts[crypto] += labels.length;
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
    for (const member of members) cumulative.push((sum += member.labels.length));
    for (let k = 0; k < wanted; k++, row++) {
      // A uniform bar of the group (with replacement): windows weigh by their length.
      let index = rng.int(counts[group]);
      let m = 0;
      while (index >= cumulative[m]) m++;
      if (m > 0) index -= cumulative[m - 1];
      const { window, labels } = members[m];
      const { series } = window;
      const bar = window.start + index;
      obs.set(series.obs.subarray(bar * OBS_SIZE, (bar + 1) * OBS_SIZE), row * OBS_SIZE);
      actions[row] = labels[index];
      const position = rng.int(3) - 1;
      if (position !== 0) {
        const held = 1 + rng.int(Math.min(MAX_HELD_BARS, Math.max(1, bar - window.start)));
        const entry = series.close[Math.max(window.start, bar - held)];
        writePositionSlots(obs, row, position, series.close[bar], entry, series.atr[bar], held);
      }
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
