import { OBSERVATION_COLUMNS } from '../observation/observation-features.js';
import type { FeatureSetDefinition } from './feature-set.js';

/** The registry columns the observation builder reads (see observation/ and docs/observation.md). */
export const OBSERVATION_SET: FeatureSetDefinition = {
  name: 'observation',
  description: 'the registry columns the multi-market observation builder reads',
  columns: OBSERVATION_COLUMNS,
};
