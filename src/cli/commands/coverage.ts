import { Command } from 'commander';
import { createCliLogger } from '../cli-logger.js';
import { coverageJson, formatCoverageTable } from '../coverage-table.js';
import { prepareDataDir, withDataDirOption } from '../data-dir.js';
import { openCliLab } from '../open-cli-lab.js';
import { writeStdout } from '../stdout.js';

interface CoverageOptions {
  dataDir?: string;
  json?: boolean;
}

export function coverageCommand(): Command {
  return withDataDirOption(new Command('coverage'))
    .description('show which instruments and intervals the lab holds, from when to when, and their gaps')
    .option(
      '--json',
      'print a JSON array of {symbol, market, interval, bars, first, last, days, gaps} (times ISO-8601 UTC)',
    )
    .action(async (options: CoverageOptions) => {
      const dataDir = prepareDataDir(options.dataDir);
      const lab = await openCliLab(dataDir, 'cli', createCliLogger('coverage'));
      try {
        const rows = await lab.getCoverage({});
        if (options.json) writeStdout(JSON.stringify(coverageJson(rows), null, 2));
        else if (rows.length === 0)
          writeStdout(`No data in ${dataDir} yet. Import some with: tradelab import <path>`);
        else for (const line of formatCoverageTable(rows)) writeStdout(line);
      } finally {
        await lab.close();
      }
    });
}
