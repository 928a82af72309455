import { Command, Option } from 'commander';
import type { Lab } from '../../core/lab-types.js';
import { createCliLogger } from '../cli-logger.js';
import { prepareDataDir, withDataDirOption } from '../data-dir.js';
import { formatImportReport } from '../import-report.js';
import { openCliLab } from '../open-cli-lab.js';
import { runJobCommand } from '../run-job-command.js';

interface ImportOptions {
  dataDir?: string;
  market?: 'spot' | 'um';
  json?: boolean;
}

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
  const { code } = await runJobCommand(lab, {
    label: 'import',
    json: options.json,
    start: () => lab.startImport({ paths, market: options.market }),
    report: formatImportReport,
  });
  return code;
}
