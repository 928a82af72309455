import { CliError, reportFailure } from './cli-error.js';
import { createProgram } from './program.js';
import { exitQuietlyOnClosedStdout, flushStdout } from './stdout.js';

/**
 * Entry point of `tradelab` (bin/tradelab.js imports the built copy of this file). Commands set
 * process.exitCode; any error becomes one line on stderr and exit 1. The explicit exit makes sure a
 * stray handle (a timer, a socket) can never keep a finished command alive.
 */
async function main(argv: string[]): Promise<void> {
  exitQuietlyOnClosedStdout();
  try {
    await createProgram().parseAsync(argv);
  } catch (err) {
    reportFailure(err);
    process.exitCode = err instanceof CliError ? err.exitCode : 1;
  }
  await flushStdout();
  process.exit();
}

await main(process.argv);
