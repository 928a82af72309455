import { Command, InvalidArgumentError } from 'commander';
import type { UniverseSnapshot } from '../../shared/contract/index.js';
import { endpointsFrom, withEndpointOptions, type EndpointFlags } from '../binance-options.js';
import { CliError } from '../cli-error.js';
import { createCliLogger } from '../cli-logger.js';
import { prepareDataDir, withDataDirOption } from '../data-dir.js';
import { formatIssue } from '../import-report.js';
import { openCliLab } from '../open-cli-lab.js';
import { wholeNumber } from '../option-parsers.js';
import { formatCount } from '../progress/format-progress.js';
import { runJobCommand } from '../run-job-command.js';
import { writeStdout } from '../stdout.js';

interface UniverseOptions extends EndpointFlags {
  top?: number;
  candidates?: number;
  minVolume?: number;
  at?: string;
  dataDir?: string;
  json?: boolean;
}

const positiveInt = wholeNumber(1);
const nonNegative = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('a number ≥ 0');
  return n;
};

export function universeCommand(): Command {
  const command = new Command('universe')
    .description(
      'refresh the liquidity universe (top USD-M perpetuals by 24h quote volume) and print it; each refresh is kept as a dated snapshot',
    )
    .option('--top <n>', 'how many perpetuals are selected (default 100)', positiveInt)
    .option(
      '--candidates <n>',
      'how many of the most traded perpetuals are considered (default 200)',
      positiveInt,
    )
    .option('--min-volume <usdt>', 'minimum 24h quote volume in USDT (default 500000)', nonNegative)
    .option(
      '--at <time>',
      'print the stored snapshot as of this date/time (ISO-8601) instead of refreshing; no network',
    )
    .option('--json', 'print the snapshot as one JSON object (the last line)');
  withEndpointOptions(withDataDirOption(command));
  return command.action(async (options: UniverseOptions) => {
    const dataDir = prepareDataDir(options.dataDir);
    const lab = await openCliLab(dataDir, 'cli', createCliLogger('universe'));
    try {
      if (options.at) {
        const at = new Date(options.at);
        if (Number.isNaN(at.getTime()))
          throw new CliError(
            `--at "${options.at}" is not a date or time (e.g. 2024-06-01 or 2024-06-01T12:00:00Z)`,
            2,
          );
        const snapshot = await lab.getUniverse({ at: at.toISOString() });
        if (!snapshot)
          throw new CliError(
            `No universe snapshot was taken at or before ${at.toISOString()}. Run: tradelab universe`,
            1,
          );
        print(snapshot, options);
        return;
      }
      const { code, job } = await runJobCommand(lab, {
        label: 'universe refresh',
        json: false,
        start: () =>
          lab.startUniverseRefresh({
            ...(options.top ? { selectN: options.top } : {}),
            ...(options.candidates ? { fetchN: options.candidates } : {}),
            ...(options.minVolume !== undefined ? { minQuoteVolume: options.minVolume } : {}),
            endpoints: endpointsFrom(options),
          }),
        report: (j) =>
          j.status === 'done' ? [] : [`Universe refresh ${j.status}.`, ...j.issues.map(formatIssue)],
      });
      process.exitCode = code;
      if (code !== 0 || !job) return;
      const snapshot = await lab.getUniverse({});
      if (snapshot) print(snapshot, options);
    } finally {
      await lab.close();
    }
  });
}

function print(snapshot: UniverseSnapshot, options: UniverseOptions): void {
  if (options.json) {
    writeStdout(JSON.stringify(snapshot));
    return;
  }
  writeStdout(
    `Universe of ${snapshot.takenAt}: ${snapshot.members.length} of ${snapshot.candidates} USD-M perpetuals ` +
      `(top ${snapshot.fetchN} by 24h quote volume, at least ${formatCount(snapshot.minQuoteVolume)} USDT, ${snapshot.selectN} kept)`,
  );
  for (const m of snapshot.members) {
    writeStdout(
      `${String(m.rank).padStart(4)}  ${m.symbol.padEnd(16)} ${formatCount(Math.round(m.quoteVolume)).padStart(18)} USDT`,
    );
  }
}
