import type { JobKind } from '../../shared/contract/index.js';
import { runImportJob } from '../ingest/binance/import-job.js';
import type { JobHandler } from './job-context.js';

/** The code of every job kind, run inside a job host process. */
export const jobHandlers: Record<JobKind, JobHandler> = {
  'import-binance-files': runImportJob,
};
