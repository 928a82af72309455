import fs from 'node:fs';
import type { BarColumns } from '../store/bar-columns.js';

/** The bar columns the CSV starts with, after `time`. */
export const CSV_BAR_COLUMNS = ['open', 'high', 'low', 'close', 'volume'] as const;

/** A cell: empty for NaN, else the number at full precision (String round-trips a float64). */
export function csvNumber(x: number): string {
  return Number.isNaN(x) ? '' : String(x);
}

/**
 * Writes bars and feature columns as CSV rows to a file, day by day: `time` as ISO-8601 UTC, the
 * bar columns, then the features. Written to `<path>.partial` and renamed when finished, so a
 * cancelled or failed export never leaves a truncated file under the asked name.
 */
export class FeaturesCsvWriter {
  private readonly partial: string;
  private readonly fd: number;
  rows = 0;

  constructor(
    readonly path: string,
    readonly featureColumns: readonly string[],
  ) {
    this.partial = `${path}.partial`;
    this.fd = fs.openSync(this.partial, 'w');
    this.write(`${this.header().join(',')}\n`);
  }

  header(): string[] {
    return ['time', ...CSV_BAR_COLUMNS, ...this.featureColumns];
  }

  /** Rows [start, end) of one day's bars and feature values. */
  writeDay(bars: BarColumns, values: Float64Array[], start = 0, end = bars.time.length): void {
    const lines: string[] = [];
    for (let i = start; i < end; i++) {
      let line = `${new Date(bars.time[i]).toISOString()},${csvNumber(bars.open[i])},${csvNumber(bars.high[i])},${csvNumber(bars.low[i])},${csvNumber(bars.close[i])},${csvNumber(bars.volume[i])}`;
      for (const column of values) line += `,${csvNumber(column[i])}`;
      lines.push(line);
    }
    if (lines.length > 0) this.write(`${lines.join('\n')}\n`);
    this.rows += end - start;
  }

  finish(): void {
    fs.closeSync(this.fd);
    fs.renameSync(this.partial, this.path);
  }

  abandon(): void {
    try {
      fs.closeSync(this.fd);
    } finally {
      fs.rmSync(this.partial, { force: true });
    }
  }

  private write(text: string): void {
    fs.writeSync(this.fd, text);
  }
}
