import path from 'node:path';
import { Command, Option } from 'commander';
import {
  ExportFeaturesParams,
  ExportFeaturesSummary,
  type FeatureInfo,
  type FeatureSetInfo,
  type Job,
} from '../../shared/contract/index.js';
import { CliError } from '../cli-error.js';
import { createCliLogger } from '../cli-logger.js';
import { prepareDataDir, withDataDirOption } from '../data-dir.js';
import { openCliLab } from '../open-cli-lab.js';
import { runJobCommand } from '../run-job-command.js';
import { writeStdout } from '../stdout.js';

interface FeaturesOptions {
  list?: boolean;
  symbol?: string;
  interval?: string;
  market?: 'spot' | 'um' | 'stock';
  from?: string;
  to?: string;
  set: string;
  out?: string;
  dataDir?: string;
  json?: boolean;
}

export function featuresCommand(): Command {
  const command = new Command('features')
    .description(
      'write an instrument’s stored bars with computed features as CSV, or list the features (--list)',
    )
    .option('--list', 'list every feature (definition, inputs, warm-up, version) and the feature sets')
    .option('--symbol <symbol>', 'instrument symbol, e.g. BTCUSDT or AAPL')
    .option('--interval <interval>', 'bar interval, e.g. 1h or 1m')
    .addOption(
      new Option(
        '--market <market>',
        'spot or um (Binance USD-M futures) or stock; default: the only market storing the symbol',
      ).choices(['spot', 'um', 'stock']),
    )
    .option('--from <date>', 'first UTC day, YYYY-MM-DD (default: the first stored bar)')
    .option('--to <date>', 'last UTC day, YYYY-MM-DD, included (default: the last stored bar)')
    .option('--set <name>', 'feature set to write', 'export')
    .option('--out <file>', 'CSV file to write')
    .option(
      '--json',
      'print each job event as one JSON line and the final job last (with --list: the catalog as JSON)',
    );
  return withDataDirOption(command)
    .addHelpText(
      'after',
      '\nColumns: time (ISO-8601 UTC bar open), open, high, low, close, volume, then the set’s features ' +
        '(empty cell during warm-up or where a feature does not apply). Features are cached per day chunk: ' +
        'a re-run reads unchanged days from the cache and recomputes only from the first changed day.\n' +
        '\nExit status: 0 written, 1 failed (e.g. no such stored bars: the message lists what is stored), ' +
        '2 bad options, 130 after Ctrl-C.\n' +
        '\nExamples:\n  tradelab features --symbol BTCUSDT --interval 1h --out btc-1h.csv\n' +
        '  tradelab features --list',
    )
    .action(async (options: FeaturesOptions) => {
      process.exitCode = options.list ? await listFeatures(options) : await exportFeatures(options);
    });
}

async function exportFeatures(options: FeaturesOptions): Promise<number> {
  const missing = (['symbol', 'interval', 'out'] as const).filter((name) => !options[name]);
  if (missing.length > 0) {
    throw new CliError(
      `Cannot export features: give ${missing.map((m) => `--${m}`).join(', ')} ` +
        '(e.g. --symbol BTCUSDT --interval 1h --out btc.csv), or --list to list the features',
      2,
    );
  }
  const parsed = ExportFeaturesParams.safeParse({
    symbol: options.symbol!.toUpperCase(),
    interval: options.interval,
    ...(options.market ? { market: options.market } : {}),
    ...(options.from ? { from: options.from } : {}),
    ...(options.to ? { to: options.to } : {}),
    featureSet: options.set,
    out: path.resolve(options.out!),
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${i.path.length ? `--${String(i.path[0])}` : 'features'}: ${i.message}`,
    );
    throw new CliError(`Cannot export features: ${problems.join('; ')}`, 2);
  }
  const params = parsed.data;
  const lab = await openCliLab(prepareDataDir(options.dataDir), 'cli', createCliLogger('features'));
  try {
    const { code } = await runJobCommand(lab, {
      label: 'feature export',
      json: options.json,
      start: () => lab.startExportFeatures(params),
      report: formatFeaturesReport,
    });
    return code;
  } finally {
    await lab.close();
  }
}

async function listFeatures(options: FeaturesOptions): Promise<number> {
  const lab = await openCliLab(prepareDataDir(options.dataDir), 'cli', createCliLogger('features'));
  try {
    const catalog = await lab.listFeatures({});
    if (options.json) writeStdout(JSON.stringify(catalog));
    else for (const line of formatCatalog(catalog.features, catalog.sets)) writeStdout(line);
    return 0;
  } finally {
    await lab.close();
  }
}

/** The catalog as text: one block per feature, then the sets. */
export function formatCatalog(features: FeatureInfo[], sets: FeatureSetInfo[]): string[] {
  const lines = [`${features.length} features:`];
  for (const f of features) {
    lines.push(
      `  ${f.name}`,
      `    ${f.definition}`,
      `    inputs: ${f.inputs.join(', ')}; warm-up: ${f.warmup} bar${f.warmup === 1 ? '' : 's'}; ` +
        `markets: ${f.markets.join(', ')}; version: ${f.version}`,
    );
  }
  lines.push('', `${sets.length} feature sets:`);
  for (const s of sets)
    lines.push(`  ${s.name} (version ${s.version}, ${s.features.length} columns): ${s.features.join(', ')}`);
  return lines;
}

/** The human report of an ended export: where the CSV is, its size, and what the cache did. */
export function formatFeaturesReport(job: Job): string[] {
  const summary = ExportFeaturesSummary.safeParse(job.summary);
  if (job.status !== 'done' || !summary.success) return [`Feature export ${job.status}.`];
  const s = summary.data;
  const features = s.columns.length - 6;
  return [
    `Wrote ${s.rows} rows × ${s.columns.length} columns (bars + ${features} features of set "${s.featureSet.name}", ` +
      `version ${s.featureSet.version}) to ${s.path}`,
    `Day chunks: ${s.chunksCached} read from the feature cache, ${s.chunksComputed} computed.`,
  ];
}
