import type { JobContext } from '../jobs/job-context.js';

// Scaffold: replaced by the real job in this work (never shipped as is).
export async function runExportFeaturesJob(_params: unknown, _ctx: JobContext): Promise<Record<string, unknown>> {
  throw new Error('export-features is not built yet');
}
