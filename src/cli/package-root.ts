import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackageInfo {
  /** Folder holding Tradelab's package.json (and out/ after a build). */
  root: string;
  version: string;
}

/**
 * Finds Tradelab's own package.json by walking up from this file, so paths such as the dashboard
 * build work from out/node/src/cli (built), src/cli (tests) and a global install alike.
 */
export function findPackage(from: string = path.dirname(fileURLToPath(import.meta.url))): PackageInfo {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'tradelab') return { root: dir, version: pkg.version ?? '0.0.0' };
    }
    if (path.dirname(dir) === dir)
      throw new Error(`Cannot find Tradelab's package.json above ${from}; reinstall Tradelab.`);
  }
}
