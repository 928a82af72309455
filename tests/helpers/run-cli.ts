import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths.js';

/** The launcher a user runs (`node bin/tradelab.js …`); it loads the built CLI from out/node. */
export const cliBin = path.join(repoRoot, 'bin', 'tradelab.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunCliOptions {
  /** Added to the environment, after TRADELAB_HOME and TRADELAB_DEBUG are emptied. */
  env?: NodeJS.ProcessEnv;
  /** Sees all stdout so far as it arrives (to signal the process mid-run). */
  onStdout?: (stdout: string, child: ChildProcess) => void;
  /** Another launcher to run (default: this checkout's). */
  bin?: string;
}

/** Runs the CLI in a child process from the repository root and resolves once it exits. */
export function runCli(args: string[], options: RunCliOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [options.bin ?? cliBin, ...args], {
      cwd: repoRoot,
      env: { ...process.env, TRADELAB_HOME: '', TRADELAB_DEBUG: '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      options.onStdout?.(stdout, child);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The last line of the output, parsed as JSON (what `--json` prints last: the ended job, the reports). */
export function lastJson<T = unknown>(stdout: string): T {
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as T;
}

/** Throws, saying what to run, when the CLI has not been compiled to out/node. */
export function assertCliBuilt(): void {
  if (!existsSync(path.join(repoRoot, 'out/node/src/cli/main.js'))) {
    throw new Error(
      'The CLI is not built: run `npm run build` (or `npm run build:node`) before the integration tests.',
    );
  }
}
