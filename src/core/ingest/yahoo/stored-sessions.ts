import { sessionsBetween } from '../../calendar/nyse-calendar.js';
import type { BarStore } from '../../store/bar-store.js';

/**
 * Whether a request window can be skipped on a re-run: it overlaps at least one regular session
 * that has closed, and every such session part already has all its bars in the store (from
 * Polygon, or from an earlier Yahoo fetch). Windows without a session (a weekend) are still asked
 * for: they cost one request and Yahoo says whether anything traded.
 */
export function sessionsAlreadyStored(
  store: BarStore,
  series: { instrumentId: number; interval: string; stepMs: number },
  window: { period1: number; period2: number },
  now: number,
): boolean {
  const end = Math.min(window.period2, now);
  let sessionParts = 0;
  for (const session of sessionsBetween(window.period1, end)) {
    const from = Math.max(session.open, window.period1);
    const to = Math.min(session.close, end);
    if (from >= to) continue;
    sessionParts++;
    // Bars of a session start at its open, one per step.
    const expected =
      Math.ceil((to - session.open) / series.stepMs) - Math.ceil((from - session.open) / series.stepMs);
    const stored = store.readBars({ instrumentId: series.instrumentId, interval: series.interval, from, to });
    if (stored.time.length < expected) return false;
  }
  return sessionParts > 0;
}
