import { FetchSummary, type Job } from '../shared/contract/index.js';
import { formatIssue } from './import-report.js';
import { formatCount } from './progress/format-progress.js';

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes < 1e7 ? 2 : 1)} MB`;
}

/**
 * The human report of an ended fetch: the outcome of every planned archive by kind, what was
 * stored, the facts about delisted or renamed symbols, then each file's problem.
 */
export function formatFetchReport(job: Job): string[] {
  const lines: string[] = [];
  const verb = job.status === 'done' ? 'Fetch done' : `Fetch ${job.status}`;
  const parsed = FetchSummary.safeParse(job.summary);
  if (!parsed.success) return [`${verb}.`, ...issueLines(job)];
  const s = parsed.data;
  lines.push(
    `${verb}: ${formatCount(s.filesPlanned)} archives planned: ${formatCount(s.filesDownloaded)} downloaded (${megabytes(s.bytesDownloaded)}), ` +
      `${formatCount(s.filesCached)} already stored or cached, ${formatCount(s.filesAbsent)} absent, ${formatCount(s.filesRejected)} rejected, ` +
      `${formatCount(s.filesFailed)} failed` +
      (s.filesReuploaded
        ? `, ${formatCount(s.filesReuploaded)} re-uploaded by Binance and re-ingested`
        : '') +
      `; ${formatCount(s.barsStored)} rows from archives, ${formatCount(s.restRows)} over REST; ${formatCount(s.retries)} retries.`,
  );
  for (const note of s.notes) lines.push(`Note: ${note}`);
  return [...lines, ...issueLines(job)];
}

function issueLines(job: Job): string[] {
  if (job.issues.length === 0) return [];
  return [`Problems (${job.issues.length}):`, ...job.issues.map((issue) => `  ${formatIssue(issue)}`)];
}
