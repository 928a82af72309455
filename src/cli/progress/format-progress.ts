import type { JobProgress } from '../../shared/contract/index.js';

const BAR_WIDTH = 10;

/**
 * One progress line, e.g. `[#####-----] 2/3 files  1.2 files/s  ETA 1s  BTCUSDT-1m-2020-01-02.zip`.
 * The bar is left out when the total is unknown (it would mean nothing); `withBar: false` gives the
 * plain form used in logs. Cut to `maxWidth` so a terminal line never wraps.
 */
export function formatProgressLine(
  progress: JobProgress,
  options: { withBar: boolean; maxWidth?: number },
): string {
  const { done, total, unit, rate, etaSeconds, message } = progress;
  const parts: string[] = [];
  if (options.withBar && total !== null) parts.push(progressBar(done, total));
  parts.push(
    total === null ? `${formatCount(done)} ${unit}` : `${formatCount(done)}/${formatCount(total)} ${unit}`,
  );
  const head = parts.join(' ');
  const tail = [
    rate !== null ? `${formatRate(rate)} ${unit}/s` : null,
    etaSeconds !== null ? `ETA ${formatDuration(etaSeconds)}` : null,
    message || null,
  ];
  const line = [head, ...tail.filter((p): p is string => p !== null)].join('  ');
  return options.maxWidth !== undefined && line.length > options.maxWidth
    ? `${line.slice(0, Math.max(0, options.maxWidth - 1))}…`
    : line;
}

export function progressBar(done: number, total: number, width = BAR_WIDTH): string {
  const filled = total > 0 ? Math.min(width, Math.floor((done / total) * width)) : 0;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

/** Counts with thousands separators, independent of the machine's locale (`4,320`). */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** One decimal below 10 so slow jobs still show movement, whole numbers above. */
export function formatRate(rate: number): string {
  return rate < 10 ? rate.toFixed(1) : formatCount(rate);
}

/** `42s`, `3m05s`, `2h07m`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
