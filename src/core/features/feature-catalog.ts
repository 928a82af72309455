import type { FeatureInfo, FeatureSetInfo } from '../../shared/contract/index.js';

// Scaffold: replaced by the real registry listing in this work.
export function featureCatalog(): { features: FeatureInfo[]; sets: FeatureSetInfo[] } {
  return { features: [], sets: [] };
}
