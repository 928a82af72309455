import type { FeatureInfo, FeatureSetInfo } from '../../shared/contract/index.js';
import { FEATURE_SETS } from './feature-sets/index.js';
import { resolveFeatureSet } from './feature-sets/feature-set.js';
import { featureRegistry } from './registry/default-registry.js';

/** Every registered feature column (definition, inputs, warm-up, markets, version) and the named sets. */
export function featureCatalog(): { features: FeatureInfo[]; sets: FeatureSetInfo[] } {
  const registry = featureRegistry();
  return {
    features: registry.info(),
    sets: FEATURE_SETS.map((set) => resolveFeatureSet(set, registry).info),
  };
}
