import { Command } from 'commander';
import { coverageCommand } from './commands/coverage.js';
import { featuresCommand } from './commands/features.js';
import { modelsCommand } from './commands/models.js';
import { fetchCommand } from './commands/fetch.js';
import { qualityCommand } from './commands/quality.js';
import { universeCommand } from './commands/universe.js';
import { importCommand } from './commands/import.js';
import { serveCommand } from './commands/serve.js';
import { trainCommand } from './commands/train.js';
import { findPackage } from './package-root.js';

/** The `tradelab` command line: one subcommand per file in ./commands. */
export function createProgram(): Command {
  return new Command('tradelab')
    .description('Tradelab: market data, features, models, backtests and paper trading, from the terminal')
    .version(findPackage().version)
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      '\nEvery command takes --data-dir DIR (or TRADELAB_HOME). Set TRADELAB_DEBUG=1 for stack traces and verbose logs.',
    )
    .addCommand(importCommand())
    .addCommand(coverageCommand())
    .addCommand(fetchCommand())
    .addCommand(universeCommand())
    .addCommand(qualityCommand())
    .addCommand(featuresCommand())
    .addCommand(trainCommand())
    .addCommand(modelsCommand())
    .addCommand(serveCommand());
}
