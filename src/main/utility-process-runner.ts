import { utilityProcess, type UtilityProcess } from 'electron';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { HostCommand } from '../shared/contract/index.js';
import type { HostExit, JobHostHandle, JobRunner } from '../core/jobs/job-runner.js';
import type { Logger } from '../core/platform/logger.js';

export interface UtilityProcessRunnerOptions {
  logger: Logger;
  /** Built job host entry; default: job-host.js next to the built main (out/main, ESM). */
  hostEntry?: string;
}

/**
 * The desktop `JobRunner`: each job host is an Electron utility process (a Node child with its own
 * V8, crash-isolated from the window and the main process). Messages go over the process's parent
 * port, stdout/stderr are copied line by line to the main log with a `[job-host <pid>]` prefix, and a
 * fatal error's report becomes the exit reason.
 */
export function createUtilityProcessRunner(options: UtilityProcessRunnerOptions): JobRunner {
  const hostEntry = options.hostEntry ?? join(import.meta.dirname, 'job-host.js');
  return {
    start(): JobHostHandle {
      // The Electron-ABI SQLite binary reaches the host in its `start` command (sqliteNativeBinding).
      const child = utilityProcess.fork(hostEntry, [], { serviceName: 'Tradelab job host', stdio: 'pipe' });
      return wrapUtilityProcess(child, options.logger);
    },
  };
}

function wrapUtilityProcess(child: UtilityProcess, logger: Logger): JobHostHandle {
  let prefix = '[job-host]';
  let spawned = false;
  let exited = false;
  let fatal: string | undefined;
  const pending: HostCommand[] = [];
  const exitListeners: Array<(exit: HostExit) => void> = [];

  child.once('spawn', () => {
    spawned = true;
    prefix = `[job-host ${child.pid ?? '?'}]`;
    for (const command of pending.splice(0)) child.postMessage(command);
  });
  pipeLines(child.stdout, (line) => logger.info(`${prefix} ${line}`));
  pipeLines(child.stderr, (line) => logger.warn(`${prefix} ${line}`));
  child.on('error', (type, location, report) => {
    fatal = `${type} at ${location}`;
    logger.error(`${prefix} fatal error`, { type, location, report: report.slice(0, 4000) });
  });
  child.once('exit', (code) => {
    exited = true;
    const exit: HostExit = { code, signal: null, ...(fatal ? { reason: fatal } : {}) };
    if (code !== 0) logger.warn(`${prefix} exited`, { code, reason: fatal });
    for (const listener of exitListeners) listener(exit);
  });

  return {
    send(command) {
      if (exited) {
        logger.warn(`${prefix} message to an exited host dropped`, { type: command.type });
      } else if (spawned) {
        child.postMessage(command);
      } else {
        pending.push(command);
      }
    },
    onMessage(listener) {
      child.on('message', (message: unknown) => listener(message));
    },
    onExit(listener) {
      exitListeners.push(listener);
    },
    kill() {
      if (!exited) child.kill();
    },
  };
}

function pipeLines(stream: NodeJS.ReadableStream | null, write: (line: string) => void): void {
  if (!stream) return;
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  lines.on('line', (line) => {
    if (line.trim() !== '') write(line);
  });
}
