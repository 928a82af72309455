import type { FeatureRegistry } from '../registry/feature-registry.js';
import { EXPORT_SET } from './export-set.js';
import { resolveFeatureSet, type FeatureSetDefinition, type ResolvedFeatureSet } from './feature-set.js';
import { OBSERVATION_SET } from './observation-set.js';

export { EXPORT_SET, OBSERVATION_SET };

/** Every named feature set, in catalog order. */
export const FEATURE_SETS: readonly FeatureSetDefinition[] = [EXPORT_SET, OBSERVATION_SET];

/** A set by name, bound to the registry; throws listing the known sets. */
export function featureSet(name: string, registry: FeatureRegistry): ResolvedFeatureSet {
  const set = FEATURE_SETS.find((s) => s.name === name);
  if (!set) {
    throw new Error(`Unknown feature set "${name}" (known: ${FEATURE_SETS.map((s) => s.name).join(', ')})`);
  }
  return resolveFeatureSet(set, registry);
}
