/** Writes one line of command output. Only results go to stdout; logs and progress go to stderr. */
export function writeStdout(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Resolves once everything written to stdout so far is handed to the OS, so exiting loses nothing. */
export function flushStdout(): Promise<void> {
  return new Promise((resolve) => process.stdout.write('', () => resolve()));
}

/**
 * Ends quietly when the reader of stdout goes away (`tradelab features --list | head`): the output
 * is not wanted any more, which is not a failure of the command.
 */
export function exitQuietlyOnClosedStdout(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}
