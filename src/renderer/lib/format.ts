import type { JobProgress } from '../../shared/contract/index.js';

const DASH = '—';
const intFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** 1234567 → "1,234,567". */
export function formatInt(value: number | null | undefined): string {
  return value == null || !Number.isFinite(value) ? DASH : intFormat.format(value);
}

/** Few decimals where they matter (small numbers), none where they are noise. */
export function formatAmount(value: number): string {
  return Math.abs(value) < 10 ? oneDecimal.format(value) : intFormat.format(value);
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** 1536 → "1.5 KB" (decimal steps of 1024, the way file managers show sizes). */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? intFormat.format(value) : oneDecimal.format(value)} ${BYTE_UNITS[unit]}`;
}

/** An amount in a job's unit, e.g. "1,204 files" or "3.2 MB". */
export function formatQuantity(value: number, unit: string): string {
  return unit === 'bytes' ? formatBytes(value) : `${intFormat.format(value)} ${unit}`;
}

/** "12 / 340 files", or "12 files" while the total is unknown. */
export function formatDoneTotal(progress: Pick<JobProgress, 'done' | 'total' | 'unit'>): string {
  const { done, total, unit } = progress;
  if (total == null) return formatQuantity(done, unit);
  if (unit === 'bytes') return `${formatBytes(done)} / ${formatBytes(total)}`;
  return `${intFormat.format(done)} / ${intFormat.format(total)} ${unit}`;
}

/** "12.5 files/s"; a dash until the job can measure it. */
export function formatRate(rate: number | null, unit: string): string {
  if (rate == null || !Number.isFinite(rate)) return DASH;
  return unit === 'bytes' ? `${formatBytes(rate)}/s` : `${formatAmount(rate)} ${unit}/s`;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Seconds left as "42s", "3m 05s", "2h 03m" or "3d 04h"; a dash when unknown. */
export function formatEta(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds) || seconds < 0) return DASH;
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${pad2(s % 60)}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${pad2(Math.floor((s % 3600) / 60))}m`;
  return `${Math.floor(s / 86_400)}d ${pad2(Math.floor((s % 86_400) / 3600))}h`;
}

/** Fraction done in [0, 1], or null when the total is unknown (indeterminate bar). */
export function progressFraction(progress: Pick<JobProgress, 'done' | 'total'> | null): number | null {
  if (!progress || progress.total == null || progress.total <= 0) return null;
  return Math.min(1, Math.max(0, progress.done / progress.total));
}

/**
 * An ISO-8601 time shortened for tables, in UTC: "2024-03-01 13:45" (seconds kept only when
 * `seconds` is set). Midnight bar times stay explicit because intervals matter here.
 */
export function formatUtc(iso: string | null | undefined, options: { seconds?: boolean } = {}): string {
  if (!iso) return DASH;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const text = date.toISOString(); // always UTC, "YYYY-MM-DDTHH:mm:ss.sssZ"
  return `${text.slice(0, 10)} ${text.slice(11, options.seconds ? 19 : 16)}`;
}

/** Time between two ISO times as "1m 05s" (or until now while still running). */
export function formatElapsed(
  startIso: string | null,
  endIso: string | null,
  nowMs: number = Date.now(),
): string {
  if (!startIso) return DASH;
  const start = Date.parse(startIso);
  const end = endIso ? Date.parse(endIso) : nowMs;
  if (Number.isNaN(start) || Number.isNaN(end)) return DASH;
  const seconds = Math.max(0, (end - start) / 1000);
  // Imports of a few files take well under a second; "0s" would read as "nothing happened".
  return seconds < 10 ? `${oneDecimal.format(seconds)}s` : formatEta(seconds);
}

/** Names inside job kinds, written the way their owners write them. */
const PROPER_NAMES: Record<string, string> = {
  binance: 'Binance',
  polygon: 'Polygon',
  yahoo: 'Yahoo',
  coingecko: 'CoinGecko',
  ppo: 'PPO',
};

/** "import-binance-files" → "Import Binance files", "fetch-coingecko" → "Fetch CoinGecko", "train-ppo" → "Train PPO". */
export function formatJobKind(kind: string): string {
  const words = kind.split('-');
  const nice = words.map((w) => PROPER_NAMES[w] ?? w).join(' ');
  return nice.charAt(0).toUpperCase() + nice.slice(1);
}

/** "filesOk" → "files ok", for kind-specific summaries shown generically. */
export function formatSummaryKey(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/** A summary value for display: numbers with separators, everything else as text. */
export function formatSummaryValue(value: unknown): string {
  if (typeof value === 'number') return formatInt(value);
  if (value == null) return DASH;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
