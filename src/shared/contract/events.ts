import { z } from 'zod';
import { Job } from './jobs.js';

/** Everything the core pushes to the dashboard and the CLI, in one stream. */
export const LabEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('job.queued'), job: Job }),
  z.object({ type: z.literal('job.started'), job: Job }),
  z.object({ type: z.literal('job.progress'), job: Job }),
  z.object({ type: z.literal('job.done'), job: Job }),
  z.object({ type: z.literal('job.failed'), job: Job }),
  z.object({ type: z.literal('job.cancelled'), job: Job }),
  /** The bar store changed (an import committed a file); coverage views should refresh. */
  z.object({ type: z.literal('coverage.changed') }),
]);
export type LabEvent = z.infer<typeof LabEvent>;
