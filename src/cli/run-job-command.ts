import type { Job } from '../shared/contract/index.js';
import type { Lab } from '../core/lab-types.js';
import { CliError } from './cli-error.js';
import { startAndFollowJob } from './follow-job.js';
import { EXIT_INTERRUPTED, onInterrupt } from './interrupt.js';
import {
  createPlainProgressReporter,
  createTtyProgressReporter,
  type ProgressReporter,
} from './progress/progress-reporter.js';
import { writeStdout } from './stdout.js';

/** After Ctrl-C, how long the job gets to stop before the lab is closed under it. */
const CANCEL_WAIT_MS = 15_000;

export interface JobCommandOptions {
  /** Words for messages, e.g. "import", "fetch". */
  label: string;
  json?: boolean;
  /** No progress on stderr and no job JSON on stdout: the caller prints its own result. */
  quiet?: boolean;
  /**
   * Shows progress in place of the default (also with `json` or `quiet`): a command whose --json
   * result is one object on stdout keeps showing progress on stderr this way.
   */
  reporter?: ProgressReporter;
  start: () => Promise<{ jobId: number }>;
  /** Human report lines of the ended job, which may read the lab back (not used with --json). */
  report: (job: Job) => string[] | Promise<string[]>;
}

/**
 * Runs one lab job from a CLI command: progress on stderr (a bar on a TTY, lines otherwise) or
 * every job event as a JSON line with --json, the final job last; Ctrl-C cancels the job and
 * waits for it to stop. Returns the exit status: 0 done, 1 failed, 130 interrupted.
 */
export async function runJobCommand(
  lab: Lab,
  options: JobCommandOptions,
): Promise<{ code: number; job: Job | null }> {
  const reporter: ProgressReporter | null =
    options.reporter ??
    (options.json || options.quiet
      ? null
      : process.stderr.isTTY
        ? createTtyProgressReporter(process.stderr)
        : createPlainProgressReporter(process.stderr));

  let jobId: number | null = null;
  let interrupted = false;
  let cancelRequested = false;
  const cancel = () => {
    if (jobId === null || cancelRequested) return;
    cancelRequested = true;
    lab.cancelJob({ jobId }).catch((err: unknown) => {
      process.stderr.write(
        `tradelab: could not cancel ${options.label} job ${jobId}: ${err instanceof Error ? err.message : String(err)}\n`,
      );
    });
  };
  let giveUpTimer: NodeJS.Timeout | undefined;
  let giveUp!: (job: null) => void;
  const gaveUp = new Promise<null>((resolve) => (giveUp = resolve));
  const removeInterrupt = onInterrupt(() => {
    interrupted = true;
    reporter?.finish();
    process.stderr.write(`Cancelling the ${options.label}… (Ctrl-C again to quit at once)\n`);
    cancel();
    giveUpTimer = setTimeout(() => giveUp(null), CANCEL_WAIT_MS);
  });

  try {
    const followed = await startAndFollowJob(lab, options.start, (event) =>
      options.json && !options.quiet ? writeStdout(JSON.stringify(event)) : reporter?.update(event.job),
    ).catch((err: unknown) => {
      const reason = err instanceof Error ? err.message : String(err);
      throw new CliError(`Cannot start the ${options.label}: ${reason}`, 1, { cause: err });
    });
    jobId = followed.jobId;
    if (interrupted) cancel();
    const job = await Promise.race([followed.ended, gaveUp]);
    reporter?.finish();
    return { code: await finish(job, options, interrupted), job };
  } finally {
    clearTimeout(giveUpTimer);
    removeInterrupt();
  }
}

async function finish(job: Job | null, options: JobCommandOptions, interrupted: boolean): Promise<number> {
  if (job === null) {
    process.stderr.write(
      `The ${options.label} did not stop in time; it will resume the next time the lab starts.\n`,
    );
    return EXIT_INTERRUPTED;
  }
  if (options.quiet) {
    // The caller prints the result.
  } else if (options.json) writeStdout(JSON.stringify(job));
  else for (const line of await options.report(job)) writeStdout(line);
  if (job.status === 'failed') {
    process.stderr.write(`tradelab: ${options.label} failed: ${job.error ?? 'no reason given'}\n`);
    return interrupted ? EXIT_INTERRUPTED : 1;
  }
  if (interrupted) return EXIT_INTERRUPTED;
  return job.status === 'done' ? 0 : 1;
}
