import type { QualityReport } from '../../shared/contract/index.js';
import { intervalMs, isKnownInterval } from '../time/intervals.js';

type ReportKey = Pick<QualityReport, 'symbol' | 'market' | 'interval' | 'venue'>;

/** Report order everywhere: symbol, market, interval (shortest first), then venue. */
export function compareReports(a: ReportKey, b: ReportKey): number {
  return (
    compareText(a.symbol, b.symbol) ||
    compareText(a.market, b.market) ||
    compareIntervals(a.interval, b.interval) ||
    compareText(a.venue, b.venue)
  );
}

function compareIntervals(a: string, b: string): number {
  // Unknown intervals (none are stored today) go last, by name.
  const ka = isKnownInterval(a) ? intervalMs(a) : Infinity;
  const kb = isKnownInterval(b) ? intervalMs(b) : Infinity;
  return ka !== kb ? (ka < kb ? -1 : 1) : compareText(a, b);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
