import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { repoRoot } from '../../helpers/paths.js';

export const CHROMIUM = '/usr/bin/chromium';

export interface Served {
  child: ChildProcessWithoutNullStreams;
  /** The dashboard URL `serve` printed, with its per-launch token. */
  url: URL;
  stdout: () => string;
  stderr: () => string;
}

/** Throws naming what to run when the browser or a build the e2e suite drives is missing. */
export function requireE2ePrerequisites(extra: [what: string, file: string, fix: string][] = []): void {
  for (const [what, file, fix] of [
    ['Chromium', CHROMIUM, 'run `node scripts/ensure-chromium.mjs`'],
    ['the dashboard build', path.join(repoRoot, 'out/renderer/index.html'), 'run `npm run build`'],
    ['the CLI build', path.join(repoRoot, 'out/node/src/cli/main.js'), 'run `npm run build`'],
    ...extra,
  ]) {
    if (!existsSync(file)) throw new Error(`Missing ${what} at ${file}: ${fix}.`);
  }
}

/**
 * Starts `tradelab serve --port 0` on a data dir with extra environment (endpoints, credentials)
 * and resolves with the Dashboard URL it prints.
 */
export async function startServe(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const child = spawn(process.execPath, ['bin/tradelab.js', 'serve', '--port', '0', '--data-dir', dataDir], {
    cwd: repoRoot,
    env: { ...process.env, TRADELAB_HOME: '', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`serve printed no Dashboard line within 30s. stderr:\n${stderr}`)),
      30_000,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = stdout.match(/^Dashboard: (http:\/\/\S+)$/m);
      if (match) {
        clearTimeout(timer);
        resolve(new URL(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before printing its URL. stderr:\n${stderr}`));
    });
  });
  return { child, url, stdout: () => stdout, stderr: () => stderr };
}

export function exitOf(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Stops a served lab: SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
export async function stopServe(served: Served | undefined, graceMs = 10_000): Promise<void> {
  if (!served || served.child.exitCode !== null) return;
  served.child.kill('SIGTERM');
  const timer = setTimeout(() => served.child.kill('SIGKILL'), graceMs);
  await exitOf(served.child);
  clearTimeout(timer);
}

/** Headless Chromium as the e2e suite runs it (no sandbox, no GPU, no background traffic). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}
