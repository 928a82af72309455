import type { ComputeBackendSetting } from '../../shared/contract/index.js';
import { backendLabels } from './training-format.js';

/** The environment variable that fixes the backend for a server or CLI launch (the core reads it). */
export const COMPUTE_BACKEND_ENV = 'TRADELAB_COMPUTE_BACKEND';

/** The Settings picker's choices, fastest first after "auto". */
export const computeBackendChoices: readonly { value: ComputeBackendSetting; label: string }[] = [
  { value: 'auto', label: 'Auto: GPU, then native CPU, then WebAssembly, then plain JavaScript' },
  { value: 'tfjs-node-gpu', label: backendLabels['tfjs-node-gpu'] },
  { value: 'tfjs-node', label: backendLabels['tfjs-node'] },
  { value: 'wasm', label: backendLabels.wasm },
  { value: 'cpu', label: backendLabels.cpu },
];

/** The patch value for a choice: undefined when nothing changes, null to go back to the default ('auto'). */
export function computeBackendPatch(
  current: ComputeBackendSetting,
  picked: ComputeBackendSetting,
): ComputeBackendSetting | null | undefined {
  if (picked === current) return undefined;
  // Picking the default again clears the stored value, so a later change of the default applies.
  return picked === 'auto' ? null : picked;
}
