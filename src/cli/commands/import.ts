import { Command, Option } from 'commander';
import type { Job } from '../../shared/contract/index.js';
import type { Lab } from '../../core/lab-types.js';
import { CliError } from '../cli-error.js';
import { createCliLogger } from '../cli-logger.js';
import { prepareDataDir, withDataDirOption } from '../data-dir.js';
import { startAndFollowJob } from '../follow-job.js';
import { formatImportReport } from '../import-report.js';
import { EXIT_INTERRUPTED, onInterrupt } from '../interrupt.js';
import { openCliLab } from '../open-cli-lab.js';
import {
  createPlainProgressReporter,
  createTtyProgressReporter,
  type ProgressReporter,
} from '../progress/progress-reporter.js';
import { writeStdout } from '../stdout.js';

interface ImportOptions {
  dataDir?: string;
  market?: 'spot' | 'um';
  json?: boolean;
}

/** After Ctrl-C, how long the job gets to stop before the lab is closed under it. */
const CANCEL_WAIT_MS = 15_000;

export function importCommand(): Command {
  return withDataDirOption(new Command('import'))
    .description('import Binance Data Vision kline archives (.zip, .csv) from files or folders into the lab')
    .argument('<path...>', 'files or folders (folders are walked recursively)')
    .addOption(
      new Option(
        '--market <market>',
        'market of the files, when the path does not say (spot or USD-M futures)',
      ).choices(['spot', 'um']),
    )
    .option('--json', 'print each job event as one JSON line, and the final job as the last line')
    .addHelpText(
      'after',
      '\nExit status: 0 when the import finished (rejected files are listed, not fatal), 1 when it failed, 130 after Ctrl-C.\n' +
        '\nExample:\n  tradelab import ~/binance/spot/daily/klines/BTCUSDT/1m',
    )
    .action(async (paths: string[], options: ImportOptions) => {
      process.exitCode = await runImport(paths, options);
    });
}

async function runImport(paths: string[], options: ImportOptions): Promise<number> {
  const dataDir = prepareDataDir(options.dataDir);
  const lab = await openCliLab(dataDir, 'cli', createCliLogger('import'));
  try {
    // Relative paths are fine: the lab resolves them against this process's working directory.
    return await importWith(lab, paths, options);
  } finally {
    await lab.close();
  }
}

async function importWith(lab: Lab, paths: string[], options: ImportOptions): Promise<number> {
  const reporter: ProgressReporter | null = options.json
    ? null
    : process.stderr.isTTY
      ? createTtyProgressReporter(process.stderr)
      : createPlainProgressReporter(process.stderr);

  let jobId: number | null = null;
  let interrupted = false;
  let cancelRequested = false;
  const cancel = () => {
    if (jobId === null || cancelRequested) return;
    cancelRequested = true;
    lab.cancelJob({ jobId }).catch((err: unknown) => {
      process.stderr.write(
        `tradelab: could not cancel import job ${jobId}: ${err instanceof Error ? err.message : String(err)}\n`,
      );
    });
  };
  // After Ctrl-C the job gets CANCEL_WAIT_MS to stop; then we give up waiting and close the lab.
  let giveUpTimer: NodeJS.Timeout | undefined;
  let giveUp!: (job: null) => void;
  const gaveUp = new Promise<null>((resolve) => (giveUp = resolve));
  const removeInterrupt = onInterrupt(() => {
    interrupted = true;
    reporter?.finish();
    process.stderr.write('Cancelling the import… (Ctrl-C again to quit at once)\n');
    cancel();
    giveUpTimer = setTimeout(() => giveUp(null), CANCEL_WAIT_MS);
  });

  try {
    const followed = await startAndFollowJob(
      lab,
      () => lab.startImport({ paths, market: options.market }),
      (event) => (options.json ? writeStdout(JSON.stringify(event)) : reporter?.update(event.job)),
    ).catch((err: unknown) => {
      const reason = err instanceof Error ? err.message : String(err);
      throw new CliError(`Cannot start the import of ${paths.join(', ')}: ${reason}`, 1, { cause: err });
    });
    jobId = followed.jobId;
    if (interrupted) cancel();

    const job = await Promise.race([followed.ended, gaveUp]);
    reporter?.finish();
    return report(job, options, interrupted);
  } finally {
    clearTimeout(giveUpTimer);
    removeInterrupt();
  }
}

function report(job: Job | null, options: ImportOptions, interrupted: boolean): number {
  if (job === null) {
    process.stderr.write('The import did not stop in time; it will resume the next time the lab starts.\n');
    return EXIT_INTERRUPTED;
  }
  if (options.json) writeStdout(JSON.stringify(job));
  else for (const line of formatImportReport(job)) writeStdout(line);

  if (job.status === 'failed') {
    process.stderr.write(`tradelab: import failed: ${job.error ?? 'no reason given'}\n`);
    return interrupted ? EXIT_INTERRUPTED : 1;
  }
  if (interrupted) return EXIT_INTERRUPTED;
  return job.status === 'done' ? 0 : 1;
}
