/**
 * A failure the user can fix, with the sentence that says how. The CLI prints only its message
 * (one line on stderr, no stack) and exits with `exitCode`.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CliError';
  }
}

/** Whether the user asked for stack traces and verbose logs (`TRADELAB_DEBUG=1`). */
export function isDebug(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.TRADELAB_DEBUG === '1' || env.TRADELAB_DEBUG === 'true';
}

/** Prints a failure as one readable line on stderr; stacks (with causes) only in debug mode. */
export function reportFailure(err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`tradelab: ${message}\n`);
  if (!isDebug()) return;
  for (let e: unknown = err; e instanceof Error; e = e.cause)
    process.stderr.write(`${e.stack ?? e.message}\n`);
}
