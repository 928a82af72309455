import type { Job, LabEvent } from '../../src/shared/contract/index.js';
import { openLab, type Lab, type LabDeps } from '../../src/core/lab.js';
import { createChildProcessJobRunner } from '../../src/workers/child-process-runner.js';
import { tempDir } from './paths.js';

/** A lab on a fresh data dir with real child-process job hosts (needs `npm run build:node`). */
export async function openTestLab(
  dataDir = tempDir(),
  hostPath?: string,
  /** More dependencies, e.g. `env` (settings and secrets), `secretCipher`, `logger`. */
  extra: Partial<Omit<LabDeps, 'dataDir' | 'jobRunner'>> = {},
): Promise<{ lab: Lab; dataDir: string; events: LabEvent[] }> {
  const lab = await openLab({
    shell: 'test',
    ...extra,
    dataDir,
    jobRunner: createChildProcessJobRunner(hostPath ? { hostPath } : {}),
  });
  const events: LabEvent[] = [];
  lab.onEvent((e) => events.push(e));
  return { lab, dataDir, events };
}

const TERMINAL = new Set(['done', 'failed', 'cancelled']);

/** Resolves with the job once it reaches done, failed or cancelled. */
export function waitForJobEnd(lab: Lab, jobId: number, timeoutMs = 30_000): Promise<Job> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`job ${jobId} did not end within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = lab.onEvent((event) => {
      if ('job' in event && event.job.id === jobId && TERMINAL.has(event.job.status)) {
        clearTimeout(timer);
        off();
        resolve(event.job);
      }
    });
    // It may already have ended before we subscribed.
    void lab.getJob({ jobId }).then((job) => {
      if (TERMINAL.has(job.status)) {
        clearTimeout(timer);
        off();
        resolve(job);
      }
    });
  });
}

export async function importAndWait(lab: Lab, paths: string[], market?: 'spot' | 'um'): Promise<Job> {
  const { jobId } = await lab.startImport({ paths, ...(market ? { market } : {}) });
  return waitForJobEnd(lab, jobId);
}
