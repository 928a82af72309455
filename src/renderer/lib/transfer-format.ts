const DASH = '—';
const MEBIBYTE = 1024 * 1024;
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const intFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/**
 * A download rate always in MB/s (1024-based, like formatBytes), so the number stays comparable
 * while it changes instead of jumping between KB/s and MB/s. A dash until it can be measured.
 */
export function formatMegabytesPerSecond(bytesPerSecond: number | null | undefined): string {
  if (bytesPerSecond == null || !Number.isFinite(bytesPerSecond) || bytesPerSecond < 0) return DASH;
  const mb = bytesPerSecond / MEBIBYTE;
  return `${mb >= 100 ? intFormat.format(mb) : oneDecimal.format(mb)} MB/s`;
}

/** 1234567 → "1.2M"; small counts stay exact ("950"). */
export function formatCompactCount(value: number): string {
  return Math.abs(value) < 10_000 ? intFormat.format(value) : compact.format(value);
}

/** Bars stored per second, e.g. "1.2M bars/s"; a dash until it can be measured. */
export function formatBarsPerSecond(rate: number | null | undefined): string {
  if (rate == null || !Number.isFinite(rate) || rate < 0) return DASH;
  return `${formatCompactCount(Math.round(rate))} bars/s`;
}

/** Fraction of one file in flight, or null while its size is unknown (indeterminate bar). */
export function fileFraction(file: { done: number; total: number | null }): number | null {
  if (file.total == null || file.total <= 0) return null;
  return Math.min(1, Math.max(0, file.done / file.total));
}

/** The last segment of a path or URL: files in flight are named by their archive path. */
export function baseName(name: string): string {
  const trimmed = name.replace(/[/\\]+$/, '');
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return cut >= 0 ? trimmed.slice(cut + 1) : trimmed;
}
