import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, whether tests run from sources or from out/node. */
export const repoRoot = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
})();

/** Real market data published by others, beside the checkout (never copied into it). */
export const sharedData = path.resolve(repoRoot, '../shared/data');

export function dataPath(...parts: string[]): string {
  return path.join(sharedData, ...parts);
}

/** A fresh empty folder under the OS temp dir. */
export function tempDir(prefix = 'tradelab-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
