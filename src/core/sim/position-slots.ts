import { OBSERVATION_FEATURES } from '../features/observation/observation-features.js';
import { OBS_POSITION, OBS_SIZE, OBS_TIME_IN_POSITION, OBS_UNREALIZED_PNL } from './training-series.js';

/**
 * The three observation values that depend on the agent's position, written by the simulators
 * into an observation row copied from TrainingSeries.obs (which holds them for a flat position).
 * Same formulas, fills and clips as observation-features.ts (a test compares them value by value
 * with buildObservation), inlined here because the environment writes them on every step.
 */

const positionFeature = OBSERVATION_FEATURES[OBS_POSITION];
const pnlFeature = OBSERVATION_FEATURES[OBS_UNREALIZED_PNL];
const timeFeature = OBSERVATION_FEATURES[OBS_TIME_IN_POSITION];

const POS_LO = positionFeature.range[0];
const POS_HI = positionFeature.range[1];
const PNL_LO = pnlFeature.range[0];
const PNL_HI = pnlFeature.range[1];
const PNL_FILL = pnlFeature.fill;
const TIME_LO = timeFeature.range[0];
const TIME_HI = timeFeature.range[1];
const TIME_FILL = timeFeature.fill;
const LN_1001 = Math.log(1001);

const clip = (v: number, lo: number, hi: number) => (v < lo ? lo : v > hi ? hi : v);

/**
 * Writes position, unrealized_pnl_atr and time_in_position of row `row` of `out`.
 * `barsInPosition` counts bars since the bar whose close opened the position.
 */
export function writePositionSlots(
  out: Float32Array,
  row: number,
  position: number,
  close: number,
  entryPrice: number,
  atr: number,
  barsInPosition: number,
): void {
  const o = row * OBS_SIZE;
  out[o + OBS_POSITION] = clip(position, POS_LO, POS_HI);
  if (position === 0) {
    out[o + OBS_UNREALIZED_PNL] = clip(0, PNL_LO, PNL_HI);
    out[o + OBS_TIME_IN_POSITION] = clip(0, TIME_LO, TIME_HI);
    return;
  }
  const pnl = (position * (close - entryPrice)) / atr;
  out[o + OBS_UNREALIZED_PNL] = Number.isFinite(pnl) ? clip(pnl, PNL_LO, PNL_HI) : PNL_FILL;
  const time = Math.log1p(barsInPosition) / LN_1001;
  out[o + OBS_TIME_IN_POSITION] = Number.isFinite(time) ? clip(time, TIME_LO, TIME_HI) : TIME_FILL;
}

/** Copies observation row `srcRow` of `src` into row `dstRow` of `dst` (a loop: no subarray per step). */
export function copyObsRow(src: Float32Array, srcRow: number, dst: Float32Array, dstRow: number): void {
  const s = srcRow * OBS_SIZE;
  const d = dstRow * OBS_SIZE;
  for (let j = 0; j < OBS_SIZE; j++) dst[d + j] = src[s + j];
}
