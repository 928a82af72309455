import { allFeatureDefinitions } from '../definitions/index.js';
import type { FeatureDefinition } from './feature-definition.js';
import { FeatureRegistry, type RegisterOptions, type RegisteredFeature } from './feature-registry.js';

let registry: FeatureRegistry | undefined;

/** The lab's registry: every shipped definition, registered on first use. */
export function featureRegistry(): FeatureRegistry {
  if (!registry) {
    const fresh = new FeatureRegistry();
    for (const def of allFeatureDefinitions()) fresh.register(def);
    registry = fresh;
  }
  return registry;
}

/** Adds a definition to the lab's registry (validated; leakage-checked on the probes given). */
export function registerFeature(def: FeatureDefinition, options?: RegisterOptions): RegisteredFeature {
  return featureRegistry().register(def, options);
}
