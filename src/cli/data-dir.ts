import { accessSync, constants, mkdirSync } from 'node:fs';
import type { Command } from 'commander';
import { osAppDataDir, resolveDataDir } from '../core/platform/data-dir.js';
import { CliError } from './cli-error.js';

/** Adds `--data-dir` to a command; every command that opens the lab takes it. */
export function withDataDirOption(command: Command): Command {
  return command.option(
    '--data-dir <dir>',
    'folder holding the lab database and raw files (default: $TRADELAB_HOME, else the per-user app data folder)',
  );
}

/**
 * Resolves the data dir (flag → TRADELAB_HOME → OS default), creates it and checks it is writable,
 * so a bad path fails here with a sentence instead of deep inside SQLite.
 */
export function prepareDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const dir = resolveDataDir({ flag, env, platformDefault: osAppDataDir('tradelab', env) });
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (err) {
    throw new CliError(
      `Cannot use data dir "${dir}": ${describeFsError(err)}. ` +
        'Pass --data-dir with a writable folder, or set TRADELAB_HOME.',
    );
  }
  return dir;
}

function describeFsError(err: unknown): string {
  switch ((err as NodeJS.ErrnoException).code) {
    case 'ENOTDIR':
    case 'EEXIST':
      return 'part of the path is a file, not a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'the disk is full';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}
