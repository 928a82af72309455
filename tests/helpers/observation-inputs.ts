import { OBSERVATION_SET } from '../../src/core/features/feature-sets/index.js';
import { resolveFeatureSet } from '../../src/core/features/feature-sets/feature-set.js';
import { FLAT, type PositionState } from '../../src/core/features/observation/observation-features.js';
import { featureRegistry } from '../../src/core/features/registry/default-registry.js';
import type { FeatureInput } from '../../src/core/features/registry/feature-definition.js';

/**
 * Inputs for building observations in tests: the observation feature set's columns and a position
 * path taken from the data, so the position slots of the observations are not all zero.
 */

/** The observation set's columns of a series, computed with the registry's batch kernels (NaN for other markets' features). */
export function observationColumns(input: FeatureInput): Record<string, Float64Array> {
  const set = resolveFeatureSet(OBSERVATION_SET, featureRegistry());
  const outputs = set.members.map((m) =>
    m.def.markets.includes(input.market)
      ? m.def.compute(input)
      : m.columns.map(() => new Float64Array(input.bars.time.length).fill(Number.NaN)),
  );
  return Object.fromEntries(
    set.columns.map((c, k) => [c, outputs[set.sources[k].member][set.sources[k].output]]),
  );
}

/**
 * A position path from the data itself: long (1) while the close is above its 20-bar SMA, `short`
 * while below its 50-bar SMA, else flat; entry at the close of the bar that opened it.
 */
export function trendFollowingPositions(
  close: Float64Array,
  columns: Record<string, Float64Array>,
  short: number,
): PositionState[] {
  const out: PositionState[] = [];
  let current: PositionState = FLAT;
  for (let i = 0; i < close.length; i++) {
    const side = close[i] > columns.sma_20[i] ? 1 : close[i] < columns.sma_50[i] ? short : 0;
    if (side === 0) current = FLAT;
    else if (side !== current.position) current = { position: side, entryPrice: close[i], barsInPosition: 0 };
    else current = { ...current, barsInPosition: current.barsInPosition + 1 };
    out.push(current);
  }
  return out;
}
