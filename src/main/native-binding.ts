import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../core/platform/logger.js';

/** File name of the Electron-ABI better-sqlite3 build (see docs/native-modules.md). */
export const SQLITE_BINDING_FILE = 'better_sqlite3.node';

export interface NativeBindingLocation {
  isPackaged: boolean;
  /** `process.resourcesPath`: where electron-builder's extraResources land. */
  resourcesPath: string;
  /** Repository root in development (`app.getAppPath()` under `electron-vite dev`). */
  appRoot: string;
  logger: Logger;
  exists?: (path: string) => boolean;
}

/** Where the Electron-ABI better-sqlite3 binary is expected, packaged or in development. */
export function sqliteBindingCandidate(
  loc: Pick<NativeBindingLocation, 'isPackaged' | 'resourcesPath' | 'appRoot'>,
): string {
  return loc.isPackaged
    ? join(loc.resourcesPath, 'native', SQLITE_BINDING_FILE)
    : join(loc.appRoot, 'native', 'electron', SQLITE_BINDING_FILE);
}

/**
 * Path of the better-sqlite3 binary built for Electron's ABI, or undefined (with a warning) when it
 * is missing. The npm-installed binary in node_modules is built for Node's ABI and cannot load in
 * Electron, so without this file opening the database fails; the warning says how to fix it.
 */
export function electronSqliteBinding(loc: NativeBindingLocation): string | undefined {
  const path = sqliteBindingCandidate(loc);
  if ((loc.exists ?? existsSync)(path)) return path;
  loc.logger.warn(
    loc.isPackaged
      ? `The Electron build of better-sqlite3 is missing from the app's resources (${path}); the package was built without it. Rebuild it with "npm run rebuild:electron" before "npm run dist".`
      : `The Electron build of better-sqlite3 is missing (${path}). Run "npm run rebuild:electron" once (needs the internet for Electron's headers) and restart.`,
    { path },
  );
  return undefined;
}
