import type { FeatureDefinition } from '../registry/feature-definition.js';
import { contextDefinitions } from './context.js';
import { patternDefinitions } from './patterns.js';
import { trendMomentumDefinitions } from './trend-momentum.js';
import { volumeStructureDefinitions } from './volume-structure.js';

/**
 * Every feature the lab ships, family by family, in catalog order. A new family's array is added
 * here; the registry, the catalog and the leakage guard test pick it up from this list.
 */
export function allFeatureDefinitions(): FeatureDefinition[] {
  return [
    ...trendMomentumDefinitions,
    ...volumeStructureDefinitions,
    ...patternDefinitions,
    ...contextDefinitions,
  ];
}
