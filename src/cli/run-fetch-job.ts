import type { Command } from 'commander';
import type { z } from 'zod';
import type { Lab } from '../core/lab-types.js';
import { CliError } from './cli-error.js';
import { createCliLogger } from './cli-logger.js';
import { prepareDataDir, withDataDirOption } from './data-dir.js';
import { openCliLab } from './open-cli-lab.js';
import { runJobCommand, type JobCommandOptions } from './run-job-command.js';

/** Parses a command's options with the job's schema; a problem names the flag (exit status 2). */
export function validated<T extends z.ZodTypeAny>(schema: T, input: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (i) => `${i.path.length ? `--${String(i.path[0])}` : what}: ${i.message}`,
  );
  throw new CliError(`Cannot fetch: ${problems.join('; ')}`, 2);
}

/** The options every fetch command takes, which runFetchJob reads: --json, then --data-dir. */
export function withFetchJobOptions(command: Command): Command {
  return withDataDirOption(
    command.option('--json', 'print each job event as one JSON line, and the final job as the last line'),
  );
}

/** One fetch job: its label for messages, how it starts, and the report of the ended job. */
export type FetchJob = Pick<JobCommandOptions, 'label' | 'start' | 'report'>;

/**
 * Opens the lab on the data dir, asks `fetchJob` what to run on it (reading settings first, say; a
 * CliError thrown there keeps its exit status), runs that job with progress (or --json events) and
 * Ctrl-C cancel, prints its report once it has ended, and returns the exit status.
 */
export async function runFetchJob(
  options: { dataDir?: string; json?: boolean },
  fetchJob: (lab: Lab) => FetchJob | Promise<FetchJob>,
): Promise<number> {
  const dataDir = prepareDataDir(options.dataDir);
  const lab = await openCliLab(dataDir, 'cli', createCliLogger('fetch'));
  try {
    const { code } = await runJobCommand(lab, { ...(await fetchJob(lab)), json: options.json });
    return code;
  } finally {
    await lab.close();
  }
}
