import type { Database } from 'better-sqlite3';
import { HostCommand, type HostMessage } from '../shared/contract/index.js';
import { JobCancelled, JobFailure, type JobContext } from '../core/jobs/job-context.js';
import { jobHandlers } from '../core/jobs/handlers.js';
import { openDatabase } from '../core/store/open-database.js';
import { redactSecrets } from '../core/secrets/secret-store.js';
import { connectParentPort } from './parent-port.js';

/**
 * Entry point of a job host: a process that runs exactly one job and reports over its parent port.
 * Started by Electron's utilityProcess in the app and by child_process.fork in the server and CLI.
 */
const port = connectParentPort();
let cancelRequested = false;
const cancelController = new AbortController();
let started = false;

const send = (message: HostMessage) => port.post(message);

port.onParentGone(() => process.exit(0));
port.onMessage((raw) => {
  const parsed = HostCommand.safeParse(raw);
  if (!parsed.success) {
    process.stderr.write(`job host: ignoring an invalid command\n`);
    return;
  }
  const command = parsed.data;
  if (command.type === 'cancel') {
    cancelRequested = true;
    cancelController.abort(new Error('cancelled'));
  } else if (!started) {
    started = true;
    void run(command).then(
      () => process.exit(0),
      (err) => {
        process.stderr.write(`job host: ${(err as Error).stack ?? String(err)}\n`);
        process.exit(1);
      },
    );
  }
});
void send({ type: 'ready' });

async function run(command: Extract<HostCommand, { type: 'start' }>): Promise<void> {
  const handler = jobHandlers[command.job.kind];
  const secrets = command.secrets ?? {};
  // A library error may quote a request; no secret value leaves this process in a message.
  const redact = (text: string) => redactSecrets(text, secrets);
  let db: Database | undefined;
  try {
    db = openDatabase(command.dataDir, { nativeBinding: command.sqliteNativeBinding });
    const ctx: JobContext = {
      db,
      dataDir: command.dataDir,
      secrets,
      signal: cancelController.signal,
      now: Date.now,
      progress: (progress) => void send({ type: 'progress', progress }),
      issue: (issue) => void send({ type: 'issue', issue: { ...issue, message: redact(issue.message) } }),
      coverageChanged: () => void send({ type: 'coverage-changed' }),
      isCancelled: () => cancelRequested,
      yieldToHost: () => new Promise((resolve) => setImmediate(resolve)),
    };
    const summary = await handler(command.job.params, ctx);
    await send({ type: 'done', summary });
  } catch (err) {
    if (err instanceof JobCancelled) await send({ type: 'cancelled', summary: err.summary });
    else {
      // An expected failure is fully told by its message (the job row, the CLI's last line); a stack
      // trace for it would read as a crash. Bugs keep their stack, as does everything in debug mode.
      if (!(err instanceof JobFailure) || process.env.TRADELAB_DEBUG) {
        process.stderr.write(
          redact(`job ${command.job.id} failed: ${(err as Error).stack ?? String(err)}\n`),
        );
      }
      await send({ type: 'failed', error: redact((err as Error).message || String(err)) });
    }
  } finally {
    db?.close();
  }
}
