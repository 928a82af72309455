import type { HostCommand } from '../../shared/contract/index.js';

/** How a job host process ended. `reason` is a human sentence when the platform gives one. */
export interface HostExit {
  code: number | null;
  signal: string | null;
  reason?: string;
}

/** One running job host process, whatever started it. */
export interface JobHostHandle {
  send(command: HostCommand): void;
  /** Raw messages from the host; the job manager validates them. */
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (exit: HostExit) => void): void;
  /** Ends the process now (after a cancel that was not honoured, or at shutdown). */
  kill(): void;
}

/**
 * The port through which the core starts job hosts. The desktop app implements it with Electron's
 * `utilityProcess.fork`, the server and CLI with `child_process.fork`; both run `src/workers/job-host`.
 */
export interface JobRunner {
  start(): JobHostHandle;
}
