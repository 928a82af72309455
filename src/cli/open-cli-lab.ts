import { openLab } from '../core/lab.js';
import type { Lab, LabDeps } from '../core/lab-types.js';
import type { Logger } from '../core/platform/logger.js';
import { createChildProcessJobRunner } from '../workers/child-process-runner.js';
import { CliError } from './cli-error.js';
import { findPackage } from './package-root.js';

/** Opens the lab in `dataDir` for a CLI command, with jobs run in child processes. */
export async function openCliLab(
  dataDir: string,
  shell: Extract<LabDeps['shell'], 'cli' | 'server'>,
  logger: Logger,
): Promise<Lab> {
  try {
    return await openLab({
      dataDir,
      shell,
      logger,
      jobRunner: createChildProcessJobRunner({ logger }),
      version: findPackage().version,
    });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new CliError(`Cannot open the lab in "${dataDir}": ${reason}`, 1, { cause: err });
  }
}
