import type { BarColumns } from '../../store/bar-columns.js';
import {
  FLAT,
  OBSERVATION_COLUMNS,
  OBSERVATION_FEATURES,
  type ObservationBar,
  type ObservationEnv,
  type PositionState,
} from './observation-features.js';

/** Values per observation: 50 standard features + market_type + normalized_volatility + is_market_open. */
export const OBSERVATION_SIZE = OBSERVATION_FEATURES.length;

/** The observation's names, in order. */
export function observationNames(): string[] {
  return OBSERVATION_FEATURES.map((f) => f.name);
}

/**
 * Writes one observation at `out[offset … offset + 53)`: each feature's value, its fill where the
 * value is not finite, clipped to its range. A pure function of the bar, the position and the
 * env, so a backtest and a paper run built from equal feature values give equal observations.
 */
export function buildObservation(
  bar: ObservationBar,
  position: PositionState,
  env: ObservationEnv,
  out: Float64Array,
  offset = 0,
): Float64Array {
  for (let k = 0; k < OBSERVATION_FEATURES.length; k++) {
    const f = OBSERVATION_FEATURES[k];
    let v = f.value(bar, position, env);
    if (!Number.isFinite(v)) v = f.fill;
    out[offset + k] = v < f.range[0] ? f.range[0] : v > f.range[1] ? f.range[1] : v;
  }
  return out;
}

/**
 * Observations of a whole series, row-major (n × 53): bars and the observation set's columns
 * (by name, each of the bars' length), the position at each bar (default: flat throughout).
 */
export function buildObservations(
  bars: BarColumns,
  columns: Record<string, Float64Array>,
  env: ObservationEnv,
  positionAt: (i: number) => PositionState = () => FLAT,
): Float64Array {
  const n = bars.time.length;
  const missing = OBSERVATION_COLUMNS.filter((c) => !columns[c]);
  if (missing.length > 0)
    throw new Error(`buildObservations: feature column(s) missing: ${missing.join(', ')}`);
  for (const c of OBSERVATION_COLUMNS) {
    if (columns[c].length !== n)
      throw new Error(`buildObservations: column ${c} has ${columns[c].length} values for ${n} bars`);
  }
  const out = new Float64Array(n * OBSERVATION_SIZE);
  const bar = {} as ObservationBar;
  for (let i = 0; i < n; i++) {
    bar.time = bars.time[i];
    bar.open = bars.open[i];
    bar.high = bars.high[i];
    bar.low = bars.low[i];
    bar.close = bars.close[i];
    bar.volume = bars.volume[i];
    for (const c of OBSERVATION_COLUMNS) bar[c] = columns[c][i];
    buildObservation(bar, positionAt(i), env, out, i * OBSERVATION_SIZE);
  }
  return out;
}
