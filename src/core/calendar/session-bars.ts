import type { Session } from './nyse-calendar.js';

/**
 * Bars of `stepMs` a regular session holds when bars open at open + k·step: 390 one-minute bars,
 * 210 on a 13:00 half day, 7 hourly bars (09:30 … 15:30, the last one half an hour long).
 */
export function sessionBarCount(session: Session, stepMs: number): number {
  return Math.ceil((session.close - session.open) / stepMs);
}

/** Bar slots of a session that open at or before `t` (0 before the open, all of them after the close). */
export function sessionSlotsOpenedBy(session: Session, stepMs: number, t: number): number {
  if (t < session.open) return 0;
  if (t >= session.close) return sessionBarCount(session, stepMs);
  return Math.floor((t - session.open) / stepMs) + 1;
}
