import { NewsFetchSummary, type Job, type NewsItem } from '../shared/contract/index.js';
import { formatIssue } from './import-report.js';
import { formatCount } from './progress/format-progress.js';

/** Headlines the report lists. */
export const REPORT_HEADLINES = 8;
const TITLE_WIDTH = 90;

/**
 * The human report of an ended news fetch: counts, then the newest stored headlines of the fetched
 * tickers with their lexicon scores (`newest`, read back from the lab), then notes and problems.
 */
export function formatNewsReport(job: Job, newest: NewsItem[]): string[] {
  const verb = job.status === 'done' ? 'News fetch done' : `News fetch ${job.status}`;
  const parsed = NewsFetchSummary.safeParse(job.summary);
  const lines: string[] = [];
  if (!parsed.success) lines.push(`${verb}.`);
  else {
    const s = parsed.data;
    lines.push(
      `${verb}: ${formatCount(s.headlinesSeen)} ${plural(s.headlinesSeen, 'headline')} seen, ` +
        `${formatCount(s.headlinesStored)} new stored (${formatCount(s.headlinesSeen - s.headlinesStored)} already known); ` +
        `${formatCount(s.requests)} ${plural(s.requests, 'request')}.`,
    );
    if (s.tickersFailed.length > 0) lines.push(`Failed tickers: ${s.tickersFailed.join(', ')}.`);
  }
  const shown = newest.slice(0, REPORT_HEADLINES);
  if (shown.length > 0) {
    lines.push('', `Newest headlines (score: lexicon sentiment, −1 to +1):`);
    for (const item of shown) lines.push(`  ${headlineLine(item)}`);
    lines.push('');
  }
  if (parsed.success) for (const note of parsed.data.notes) lines.push(`Note: ${note}`);
  if (job.issues.length > 0)
    lines.push(`Problems (${job.issues.length}):`, ...job.issues.map((issue) => `  ${formatIssue(issue)}`));
  return lines;
}

/** `2025-02-25 10:16Z  +0.00  AMZN  Wells Fargo Adjusts … (MT Newswires)` */
export function headlineLine(item: NewsItem): string {
  const when = `${item.publishedAt.slice(0, 10)} ${item.publishedAt.slice(11, 16)}Z`;
  const title = item.title.length > TITLE_WIDTH ? `${item.title.slice(0, TITLE_WIDTH - 1)}…` : item.title;
  const publisher = item.publisher ? ` (${item.publisher})` : '';
  return `${when}  ${formatScore(item.sentiment)}  ${item.tickers.join(',')}  ${title}${publisher}`;
}

/** Signed with two decimals, so columns line up: +1.00, −0.50, 0.00 padded to the same width. */
export function formatScore(score: number): string {
  if (score === 0) return ' 0.00';
  return `${score > 0 ? '+' : '−'}${Math.abs(score).toFixed(2)}`;
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
