import type { Job, JobProgress } from '../../shared/contract/index.js';
import { formatProgressLine } from './format-progress.js';

/** How a job's progress reads as one line (a job kind may show its own measures, e.g. training's phase). */
export type ProgressLineFormat = (
  progress: JobProgress,
  options: { withBar: boolean; maxWidth?: number },
) => string;

/** Shows a running job's progress to a person; `finish` leaves the terminal on a clean line. */
export interface ProgressReporter {
  update(job: Job): void;
  finish(): void;
}

/** Redraws at most this often; progress events can come far faster than anyone reads. */
const REDRAW_INTERVAL_MS = 100;

/** A single redrawn line on a terminal. `finish` may be called more than once (e.g. at Ctrl-C). */
export function createTtyProgressReporter(
  stream: NodeJS.WriteStream,
  format: ProgressLineFormat = formatProgressLine,
): ProgressReporter {
  let lastDraw = 0;
  let onScreen = false;
  let pending: Job | null = null;
  const draw = () => {
    if (!pending?.progress) return;
    const width = (stream.columns || 80) - 1;
    // \r back to column 0, then ESC[2K clears what a longer previous line left behind.
    stream.write(`\r\x1b[2K${format(pending.progress, { withBar: true, maxWidth: width })}`);
    pending = null;
    onScreen = true;
    lastDraw = Date.now();
  };
  return {
    update(job) {
      pending = job;
      if (Date.now() - lastDraw >= REDRAW_INTERVAL_MS) draw();
    },
    finish() {
      draw();
      if (onScreen) stream.write('\n');
      onScreen = false;
    },
  };
}

/**
 * Plain lines for logs and pipes: one each time `changeKey` of the progress changes (by default the
 * count of finished units; training also counts a new phase or iteration as a change).
 */
export function createPlainProgressReporter(
  stream: NodeJS.WritableStream,
  format: ProgressLineFormat = formatProgressLine,
  changeKey: (progress: JobProgress) => string | number = (progress) => progress.done,
): ProgressReporter {
  let lastKey: string | number | null = null;
  return {
    update(job) {
      if (!job.progress) return;
      const key = changeKey(job.progress);
      if (key === lastKey) return;
      lastKey = key;
      stream.write(`${format(job.progress, { withBar: false })}\n`);
    },
    finish() {},
  };
}
