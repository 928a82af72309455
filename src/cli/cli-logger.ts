import { createStderrLogger, type Logger } from '../core/platform/logger.js';
import { isDebug } from './cli-error.js';

/**
 * The core's logger for short CLI commands: warnings and errors on stderr, info only in debug mode,
 * so a progress bar is not torn apart by routine log lines. stdout stays free for command output.
 */
export function createCliLogger(prefix: string): Logger {
  const stderr = createStderrLogger(prefix);
  return isDebug() ? stderr : { info() {}, warn: stderr.warn, error: stderr.error };
}
