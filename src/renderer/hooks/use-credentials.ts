import type { CredentialsStatus } from '../../shared/contract/index.js';
import { useLabQuery, type LabQueryState } from './use-lab-query.js';

/**
 * Whether each secret is set and where from (never a value), loaded on each connection: a
 * restarted server may run with other environment variables.
 */
export function useCredentialsStatus(): LabQueryState<CredentialsStatus> {
  return useLabQuery((api) => api.getCredentialsStatus({}), 'credentials');
}
