import { YahooFetchSummary, type Job } from '../shared/contract/index.js';
import { formatIssue } from './import-report.js';
import { formatCount } from './progress/format-progress.js';

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

/**
 * The human report of an ended Yahoo fetch: requests and bars (stored, kept from a better source,
 * dropped), splits and dividends, failed tickers, then notes (clipped ranges, empty charts,
 * skipped windows) and each ticker's problem.
 */
export function formatYahooReport(job: Job): string[] {
  const verb = job.status === 'done' ? 'Yahoo fetch done' : `Yahoo fetch ${job.status}`;
  const issues = job.issues.length
    ? [`Problems (${job.issues.length}):`, ...job.issues.map((issue) => `  ${formatIssue(issue)}`)]
    : [];
  const parsed = YahooFetchSummary.safeParse(job.summary);
  if (!parsed.success) return [`${verb}.`, ...issues];
  const s = parsed.data;
  const lines = [
    `${verb}: ${formatCount(s.requests)} ${plural(s.requests, 'request')}; ` +
      `${formatCount(s.barsStored)} ${plural(s.barsStored, 'bar')} stored, ` +
      `${formatCount(s.barsKeptFromBetterSource)} already stored (kept), ` +
      `${formatCount(s.barsDropped)} dropped (nulls, outside the range, not closed yet or unsound); ` +
      `${formatCount(s.splits)} ${plural(s.splits, 'split')}, ${formatCount(s.dividends)} ${plural(s.dividends, 'dividend')}.`,
  ];
  if (s.tickersFailed.length > 0) lines.push(`Failed tickers: ${s.tickersFailed.join(', ')}.`);
  for (const note of s.notes) lines.push(`Note: ${note}`);
  return [...lines, ...issues];
}
