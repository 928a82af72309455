import { Command, InvalidArgumentError, Option } from 'commander';
import {
  ComputeBackendSetting,
  TrainingPreset,
  TrainPpoParams,
  type StartedTraining,
  type TrainingRun,
} from '../../shared/contract/index.js';
import type { Lab } from '../../core/lab-types.js';
import { CliError } from '../cli-error.js';
import { createCliLogger } from '../cli-logger.js';
import { prepareDataDir, withDataDirOption } from '../data-dir.js';
import { openCliLab } from '../open-cli-lab.js';
import { upperCaseListParser, wholeNumber } from '../option-parsers.js';
import { createPlainProgressReporter, createTtyProgressReporter } from '../progress/progress-reporter.js';
import { runJobCommand } from '../run-job-command.js';
import { writeStdout } from '../stdout.js';
import {
  formatRunsTable,
  formatTrainingProgressLine,
  formatTrainingResult,
  resumeHint,
  trainingProgressKey,
  trainingResultJson,
} from '../training-report.js';

interface TrainPpoOptions {
  preset: string;
  symbols?: string[];
  from?: string;
  to?: string;
  seed?: number;
  backend?: string;
  dataDir?: string;
  json?: boolean;
}

interface JsonAndDirOptions {
  dataDir?: string;
  json?: boolean;
}

const parseSymbols = upperCaseListParser('give at least one symbol, e.g. BTCUSDT,AAPL');
const parseSeed = wholeNumber(0, 2 ** 31 - 1);

/** A run id operand: a whole number from 1 (`tradelab train runs` lists them). */
function parseRunId(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError('a run id, a whole number from 1 (`tradelab train runs` lists them)');
  return n;
}

const EXIT_STATUS_HELP =
  '\nExit status: 0 when the run ended with a registered model, 1 when it failed (the message says why), ' +
  '2 bad options, 130 after Ctrl-C (the run keeps its newest checkpoint; `tradelab train resume <run>` continues it).';

export function trainCommand(): Command {
  return new Command('train')
    .description('train a trading policy on the stored bars (PPO with behaviour-cloning pretraining)')
    .addCommand(trainPpoCommand())
    .addCommand(trainResumeCommand())
    .addCommand(trainRunsCommand());
}

function trainPpoCommand(): Command {
  const command = new Command('ppo')
    .description(
      'one PPO policy across stocks and crypto: hindsight-oracle behaviour cloning, PPO, stock finetune, ' +
        'out-of-sample evaluation against buy-and-hold and flat, then the model is registered (tfjs + ONNX)',
    )
    .addOption(
      new Option(
        '--preset <preset>',
        'quick: seconds to minutes on a laptop CPU; full: the brief’s schedule (tens of minutes on a CPU)',
      )
        .choices(TrainingPreset.options)
        .default('quick'),
    )
    .option(
      '--symbols <list>',
      'comma-separated stored symbols, e.g. BTCUSDT,ETHUSDT,AAPL (default: what the preset picks from the stored bars)',
      parseSymbols,
    )
    .option('--from <date>', 'first UTC day of data used (train + purge + test), YYYY-MM-DD')
    .option('--to <date>', 'last UTC day of data used, YYYY-MM-DD')
    .option('--seed <n>', 'seed of every random draw (same seed, data and backend: same run)', parseSeed)
    .addOption(
      new Option(
        '--backend <name>',
        'compute backend; auto tries tfjs-node-gpu, tfjs-node, wasm, cpu in that order (default: the Settings value, env TRADELAB_COMPUTE_BACKEND)',
      ).choices(ComputeBackendSetting.options),
    )
    .option(
      '--json',
      'progress on stderr; the last stdout line is one JSON object {runId, modelId, backend, evaluation, status, …}',
    );
  return withDataDirOption(command)
    .addHelpText(
      'after',
      `${EXIT_STATUS_HELP}\n` +
        '\nExamples:\n  tradelab train ppo --preset quick\n' +
        '  tradelab train ppo --preset full --symbols BTCUSDT,ETHUSDT,AAPL --from 2021-01-01 --to 2023-12-31 --seed 7\n' +
        '  tradelab train ppo --backend wasm --json | tail -1',
    )
    .action(async (options: TrainPpoOptions) => {
      const params = parseTrainParams(options);
      process.exitCode = await followTraining(options, 'training', (lab) => lab.startTraining(params));
    });
}

function trainResumeCommand(): Command {
  const command = new Command('resume')
    .description('continue a cancelled, failed or interrupted run from its newest checkpoint')
    .argument('<runId>', 'the run to continue (`tradelab train runs` lists them)', parseRunId)
    .option('--json', 'progress on stderr; the last stdout line is one JSON object, as `train ppo --json`');
  return withDataDirOption(command)
    .addHelpText('after', `${EXIT_STATUS_HELP}\n\nExample:\n  tradelab train resume 3`)
    .action(async (runId: number, options: JsonAndDirOptions) => {
      process.exitCode = await followTraining(options, 'training', (lab) => lab.resumeTraining({ runId }));
    });
}

function trainRunsCommand(): Command {
  const command = new Command('runs')
    .description('list training runs, newest first: status, phase, checkpoint, backend, model, test return')
    .option('--limit <n>', 'at most this many runs', wholeNumber(1, 500), 50)
    .option('--json', 'print the runs as one JSON array');
  return withDataDirOption(command).action(async (options: JsonAndDirOptions & { limit: number }) => {
    const lab = await openCliLab(prepareDataDir(options.dataDir), 'cli', createCliLogger('train'));
    try {
      const runs = await lab.listTrainingRuns({ limit: options.limit });
      if (options.json) writeStdout(JSON.stringify(runs));
      else for (const line of formatRunsTable(runs)) writeStdout(line);
    } finally {
      await lab.close();
    }
  });
}

/** The flags as the lab's TrainPpoParams; a problem names its flag (exit status 2). */
export function parseTrainParams(options: TrainPpoOptions): TrainPpoParams {
  const parsed = TrainPpoParams.safeParse({
    preset: options.preset,
    ...(options.symbols ? { symbols: options.symbols } : {}),
    ...(options.from ? { from: options.from } : {}),
    ...(options.to ? { to: options.to } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.backend ? { backend: options.backend } : {}),
  });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (i) => `${i.path.length ? `--${String(i.path[0])}` : 'options'}: ${i.message}`,
  );
  throw new CliError(`Cannot train: ${problems.join('; ')}`, 2);
}

/**
 * Starts (or resumes) a run and follows its job: the training progress line on stderr (a bar on
 * a terminal, plain lines otherwise, also with --json), Ctrl-C cancels and says how to resume.
 * Once the job has ended the run is read back and reported: the human report, or with --json one
 * JSON object as the last stdout line. Returns the exit status of runJobCommand (0, 1 or 130).
 */
async function followTraining(
  options: JsonAndDirOptions,
  label: string,
  start: (lab: Lab) => Promise<StartedTraining>,
): Promise<number> {
  const dataDir = prepareDataDir(options.dataDir);
  const lab = await openCliLab(dataDir, 'cli', createCliLogger('train'));
  try {
    let runId: number | null = null;
    const reporter = process.stderr.isTTY
      ? createTtyProgressReporter(process.stderr, formatTrainingProgressLine)
      : createPlainProgressReporter(process.stderr, formatTrainingProgressLine, trainingProgressKey);
    const { code } = await runJobCommand(lab, {
      label,
      quiet: true,
      reporter,
      start: async () => {
        const started = await start(lab);
        runId = started.runId;
        return started;
      },
      report: () => [],
    });
    if (runId === null) return code;
    const run = await readRun(lab, runId);
    const shownDir = options.dataDir;
    if (run === null) {
      // The job ended but the run cannot be read back (e.g. the lab was closed under a job that did not stop).
      if (options.json) writeStdout(JSON.stringify({ runId, status: 'unknown' }));
      process.stderr.write(`${resumeHint(runId, { dataDir: shownDir })}\n`);
      return code;
    }
    if (options.json) {
      writeStdout(JSON.stringify(trainingResultJson(run)));
      if (run.status !== 'done')
        process.stderr.write(
          `${resumeHint(run.id, { dataDir: shownDir, checkpoint: run.checkpoint !== null })}\n`,
        );
    } else {
      for (const line of formatTrainingResult(run, { dataDir: shownDir })) writeStdout(line);
    }
    return code;
  } finally {
    await lab.close();
  }
}

async function readRun(lab: Lab, runId: number): Promise<TrainingRun | null> {
  try {
    return await lab.getTrainingRun({ runId });
  } catch {
    return null;
  }
}
