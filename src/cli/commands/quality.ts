import { Command } from 'commander';
import type { QualityQuery } from '../../shared/contract/index.js';
import type { Lab } from '../../core/lab-types.js';
import { intervalMs } from '../../core/time/intervals.js';
import { CliError } from '../cli-error.js';
import { createCliLogger } from '../cli-logger.js';
import { prepareDataDir, withDataDirOption } from '../data-dir.js';
import { openCliLab } from '../open-cli-lab.js';
import { runJobCommand } from '../run-job-command.js';
import { formatQualityDetails, formatQualityTable } from '../quality-report.js';
import { writeStdout } from '../stdout.js';

interface QualityOptions {
  dataDir?: string;
  symbol?: string;
  interval?: string;
  json?: boolean;
}

export function qualityCommand(): Command {
  return withDataDirOption(new Command('quality'))
    .description(
      'check the stored bars of each instrument × interval: completeness, gaps (venue outage or missing here), ' +
        'misaligned candles, impossible prices, duplicates, and whether a model may be trained on them',
    )
    .option(
      '--symbol <symbol>',
      'only this symbol, e.g. BTCUSDT (other symbols are still read to tell outages)',
    )
    .option('--interval <interval>', 'only this bar interval, e.g. 1h')
    .option(
      '--json',
      'print the reports as one JSON array on the last line (up to 200 gaps each, longest first)',
    )
    .addHelpText(
      'after',
      '\nA gap is an "outage" when the venue\'s other symbols (same market and interval) lack the same stretch, else "missing".\n' +
        'Exit status: 0 when the reports were computed (whatever they found), 1 when that failed, 130 after Ctrl-C.\n' +
        '\nExamples:\n  tradelab quality\n  tradelab quality --symbol BTCUSDT --interval 1h --json',
    )
    .action(async (options: QualityOptions) => {
      process.exitCode = await runQuality(options);
    });
}

async function runQuality(options: QualityOptions): Promise<number> {
  const query = parseQuery(options);
  const dataDir = prepareDataDir(options.dataDir);
  const lab = await openCliLab(dataDir, 'cli', createCliLogger('quality'));
  try {
    const nothing = await describeMissingData(lab, query, dataDir);
    if (nothing !== null) {
      if (options.json) {
        process.stderr.write(`${nothing}\n`);
        writeStdout('[]');
      } else {
        writeStdout(nothing);
      }
      return 0;
    }
    const code = await computeReports(lab, query, options);
    if (code !== 0) return code;
    const reports = await lab.getQualityReports(query);
    if (options.json) writeStdout(JSON.stringify(reports));
    else
      for (const line of [...formatQualityTable(reports), ...formatQualityDetails(reports)])
        writeStdout(line);
    return 0;
  } finally {
    await lab.close();
  }
}

function parseQuery(options: QualityOptions): QualityQuery {
  const query: QualityQuery = {};
  if (options.symbol !== undefined) {
    if (options.symbol.trim() === '') throw new CliError('--symbol is empty: give a symbol such as BTCUSDT.');
    query.symbol = options.symbol.trim().toUpperCase();
  }
  if (options.interval !== undefined) {
    try {
      intervalMs(options.interval);
    } catch (err) {
      throw new CliError(`--interval: ${(err as Error).message}`, 1, { cause: err });
    }
    query.interval = options.interval;
  }
  return query;
}

/** A sentence saying how to get data, or null when the lab holds bars matching the query. */
async function describeMissingData(lab: Lab, query: QualityQuery, dataDir: string): Promise<string | null> {
  const coverage = await lab.getCoverage({});
  if (coverage.length === 0) {
    return (
      `No bars in ${dataDir} yet, so there is nothing to check. Get some with ` +
      '`tradelab fetch binance …` (download) or `tradelab import <path>` (Data Vision files on disk), then run `tradelab quality` again.'
    );
  }
  const matching = coverage.filter(
    (row) =>
      (query.symbol === undefined || row.symbol === query.symbol) &&
      (query.interval === undefined || row.interval === query.interval),
  );
  if (matching.length > 0) return null;
  const what = [query.symbol, query.interval && `at ${query.interval}`].filter(Boolean).join(' ');
  return `No stored bars of ${what} in ${dataDir}. \`tradelab coverage\` lists what is stored.`;
}

/** Runs the compute-quality job, showing progress (not with --json); the first Ctrl-C cancels it. */
async function computeReports(lab: Lab, query: QualityQuery, options: QualityOptions): Promise<number> {
  const { code } = await runJobCommand(lab, {
    label: 'quality report',
    quiet: options.json,
    start: () => lab.startQualityReport(query),
    report: () => [],
  });
  return code;
}
