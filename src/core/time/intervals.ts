/** Bar intervals as Binance names them, with their nominal length in milliseconds. */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const INTERVAL_MS: Record<string, number> = {
  '1s': 1000,
  '1m': MINUTE,
  '3m': 3 * MINUTE,
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  '30m': 30 * MINUTE,
  '1h': HOUR,
  '2h': 2 * HOUR,
  '4h': 4 * HOUR,
  '6h': 6 * HOUR,
  '8h': 8 * HOUR,
  '12h': 12 * HOUR,
  '1d': DAY,
  '3d': 3 * DAY,
  '1w': 7 * DAY,
  // Calendar months vary; the longest month is the threshold beyond which a step is a gap.
  '1mo': 31 * DAY,
};

export const DAY_MS = DAY;

export function isKnownInterval(interval: string): boolean {
  return Object.prototype.hasOwnProperty.call(INTERVAL_MS, interval);
}

/** Nominal interval length; throws for an interval the lab does not know. */
export function intervalMs(interval: string): number {
  const ms = isKnownInterval(interval) ? INTERVAL_MS[interval] : undefined;
  if (ms === undefined)
    throw new Error(`Unknown bar interval "${interval}" (known: ${Object.keys(INTERVAL_MS).join(', ')}).`);
  return ms;
}

/** Bars a full UTC day holds at this interval (at least 1, for daily and longer intervals). */
export function barsPerDay(interval: string): number {
  return Math.max(1, Math.floor(DAY / intervalMs(interval)));
}

/** UTC day number (days since 1970-01-01) of an epoch-millisecond time. */
export function utcDay(timeMs: number): number {
  return Math.floor(timeMs / DAY);
}

export function utcDayString(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

export function isoOrNull(timeMs: number | null | undefined): string | null {
  return timeMs === null || timeMs === undefined ? null : new Date(timeMs).toISOString();
}
