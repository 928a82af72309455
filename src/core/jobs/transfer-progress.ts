import type { JobProgress } from '../../shared/contract/index.js';
import { ProgressMeter } from './progress-meter.js';

/**
 * Progress of a download-and-ingest job: files done of planned (with ETA), bytes (MB/s), bars
 * stored (bars/s) and the files in flight. Emits at most every `intervalMs` unless forced, so
 * eight parallel transfers do not flood the job host's channel.
 */
export class TransferProgress {
  private readonly files: ProgressMeter;
  private readonly bytesMeter: ProgressMeter;
  private readonly barsMeter: ProgressMeter;
  private filesDone = 0;
  private bytesDone = 0;
  private barsDone = 0;
  private lastEmit = -Infinity;
  private readonly active = new Map<string, { done: number; total: number | null }>();

  constructor(
    private readonly total: number,
    private readonly bytesTotal: number | null,
    private readonly now: () => number,
    private readonly emit: (progress: JobProgress) => void,
    private readonly intervalMs = 250,
  ) {
    this.files = new ProgressMeter('files', now);
    this.bytesMeter = new ProgressMeter('bytes', now);
    this.barsMeter = new ProgressMeter('bars', now);
  }

  bytes(key: string, received: number, size: number | null): void {
    this.bytesDone += received;
    const entry = this.active.get(key) ?? { done: 0, total: size };
    entry.done += received;
    this.active.set(key, entry);
    this.maybeEmit();
  }

  fileDone(key: string, bars: number, message: string): void {
    this.active.delete(key);
    this.filesDone++;
    this.barsDone += bars;
    this.maybeEmit(message, this.filesDone === this.total);
  }

  addBars(bars: number, message: string): void {
    this.barsDone += bars;
    this.maybeEmit(message, true);
  }

  message(message: string): void {
    this.maybeEmit(message, true);
  }

  private maybeEmit(message?: string, force = false): void {
    const t = this.now();
    if (!force && t - this.lastEmit < this.intervalMs) return;
    this.lastEmit = t;
    const files = this.files.update(this.filesDone, this.total, message);
    const bytes = this.bytesMeter.update(this.bytesDone, this.bytesTotal);
    const bars = this.barsMeter.update(this.barsDone, null);
    this.emit({
      ...files,
      detail: {
        bytes: { done: this.bytesDone, total: this.bytesTotal, rate: bytes.rate },
        bars: { done: this.barsDone, rate: bars.rate },
        active: [...this.active]
          .slice(0, 64)
          .map(([key, v]) => ({ name: key.slice(key.lastIndexOf('/') + 1), done: v.done, total: v.total })),
      },
    });
  }
}
