import type { z } from 'zod';
import type { Job } from '../shared/contract/index.js';
import { CliError } from './cli-error.js';
import { createCliLogger } from './cli-logger.js';
import { prepareDataDir } from './data-dir.js';
import { openCliLab } from './open-cli-lab.js';
import { runJobCommand } from './run-job-command.js';

/** Parses a command's options with the job's schema; a problem names the flag (exit status 2). */
export function validated<T extends z.ZodTypeAny>(schema: T, input: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (i) => `${i.path.length ? `--${String(i.path[0])}` : what}: ${i.message}`,
  );
  throw new CliError(`Cannot fetch: ${problems.join('; ')}`, 2);
}

/**
 * Opens the lab on the data dir, runs one fetch job with progress (or --json events) and Ctrl-C
 * cancel, prints `report` of the ended job, and returns the exit status.
 */
export async function runFetchJob(
  options: { dataDir?: string; json?: boolean },
  label: string,
  report: (job: Job) => string[],
  start: (lab: Awaited<ReturnType<typeof openCliLab>>) => Promise<{ jobId: number }>,
): Promise<number> {
  const dataDir = prepareDataDir(options.dataDir);
  const lab = await openCliLab(dataDir, 'cli', createCliLogger('fetch'));
  try {
    const { code } = await runJobCommand(lab, {
      label,
      json: options.json,
      start: () => start(lab),
      report,
    });
    return code;
  } finally {
    await lab.close();
  }
}
