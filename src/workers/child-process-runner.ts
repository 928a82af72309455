import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HostExit, JobHostHandle, JobRunner } from '../core/jobs/job-runner.js';
import type { Logger } from '../core/platform/logger.js';

/**
 * The compiled job host next to this file. Running from TypeScript sources (tests), the compiled
 * copy under out/node is used instead: a job host is always plain JavaScript.
 */
export function defaultJobHostPath(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const sibling = path.join(here, 'job-host.js');
  if (fs.existsSync(sibling)) return sibling;
  const compiled = path.resolve(here, '../../out/node/src/workers/job-host.js');
  if (fs.existsSync(compiled)) return compiled;
  throw new Error(
    `The job host is not built (looked for ${sibling} and ${compiled}): run \`npm run build\`.`,
  );
}

/** JobRunner for the headless server and the CLI: one `child_process.fork` per job. */
export function createChildProcessJobRunner(opts: { hostPath?: string; logger?: Logger } = {}): JobRunner {
  return {
    start(): JobHostHandle {
      const hostPath = opts.hostPath ?? defaultJobHostPath();
      // stdout is ignored: CLI commands print results (e.g. --json) there and a host must not mix in.
      const child = fork(hostPath, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'json' });
      let stderrTail = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        const text = chunk.toString();
        stderrTail = (stderrTail + text).slice(-2000);
        if (opts.logger)
          for (const line of text.split('\n').filter(Boolean))
            opts.logger.warn(`[job-host ${child.pid}] ${line}`);
        else process.stderr.write(text);
      });
      const exitListeners: ((exit: HostExit) => void)[] = [];
      let exited: HostExit | null = null;
      const onExit = (exit: HostExit) => {
        if (exited) return;
        exited = exit;
        for (const l of exitListeners) l(exit);
      };
      child.on('close', (code, signal) => {
        const lastLine = stderrTail.trim().split('\n').at(-1);
        onExit({ code, signal, ...(code !== 0 && lastLine ? { reason: lastLine } : {}) });
      });
      child.on('error', (err) => onExit({ code: null, signal: null, reason: err.message }));
      return {
        send: (command) => {
          if (child.connected) child.send(command);
        },
        onMessage: (listener) => child.on('message', listener),
        onExit: (listener) => {
          if (exited) listener(exited);
          else exitListeners.push(listener);
        },
        kill: () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        },
      };
    },
  };
}
