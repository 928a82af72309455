import os from 'node:os';
import path from 'node:path';

/**
 * Where the lab keeps its database and raw files: the `--data-dir` flag, else `TRADELAB_HOME`,
 * else the platform default (Electron's userData in the app, `osAppDataDir()` elsewhere).
 */
export function resolveDataDir(opts: {
  flag?: string;
  env?: NodeJS.ProcessEnv;
  platformDefault: string;
}): string {
  const fromEnv = opts.env?.TRADELAB_HOME;
  const chosen = opts.flag?.trim() || fromEnv?.trim() || opts.platformDefault;
  return path.resolve(chosen);
}

/** The per-user application data folder of this OS, for the server and CLI (no Electron there). */
export function osAppDataDir(appName = 'tradelab', env: NodeJS.ProcessEnv = process.env): string {
  const home = os.homedir();
  switch (process.platform) {
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), appName);
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', appName);
    default:
      return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), appName);
  }
}
