import { z } from 'zod';
import { JobIssue, JobKind, JobProgress } from './jobs.js';
import { SecretName } from './stocks.js';

/** Job manager → job host process. */
export const HostCommand = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('start'),
    job: z.object({ id: z.number().int().positive(), kind: JobKind, params: z.unknown() }),
    dataDir: z.string(),
    /** better-sqlite3 binary for the host's ABI (Electron's utility process); default: the package's own. */
    sqliteNativeBinding: z.string().optional(),
    /** Secrets the job may need, sent in memory only: never stored with the job or logged. */
    secrets: z.partialRecord(SecretName, z.string()).optional(),
  }),
  z.object({ type: z.literal('cancel') }),
]);
export type HostCommand = z.infer<typeof HostCommand>;

/** Job host process → job manager. */
export const HostMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('progress'), progress: JobProgress }),
  z.object({ type: z.literal('issue'), issue: JobIssue }),
  z.object({ type: z.literal('coverage-changed') }),
  z.object({ type: z.literal('done'), summary: z.record(z.string(), z.unknown()) }),
  z.object({ type: z.literal('cancelled'), summary: z.record(z.string(), z.unknown()).optional() }),
  z.object({ type: z.literal('failed'), error: z.string() }),
]);
export type HostMessage = z.infer<typeof HostMessage>;
