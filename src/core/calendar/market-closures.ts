import type { MarketClosure } from '../../shared/contract/index.js';
import { holidayName } from './nyse-calendar.js';

const DAY_MS = 86_400_000;

/**
 * Weekdays in [from, to] (New York dates) on which the NYSE holds no session, with the reason, so
 * a dashboard can show a holiday as closed rather than as missing data. Weekends are left out:
 * every viewer knows them.
 */
export function marketClosures(from: string, to: string): MarketClosure[] {
  const out: MarketClosure[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end; t += DAY_MS) {
    const weekday = new Date(t).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const date = new Date(t).toISOString().slice(0, 10);
    const reason = holidayName(date);
    if (reason) out.push({ date, reason });
  }
  return out;
}
