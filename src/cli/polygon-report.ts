import { PolygonFetchSummary, type Job } from '../shared/contract/index.js';
import { formatIssue } from './import-report.js';
import { formatCount } from './progress/format-progress.js';

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes < 1e7 ? 2 : 1)} MB`;
}

/**
 * The human report of an ended flat-file fetch: what happened to every planned day file, the bars
 * stored, the tickers no file had, the notes (holidays, files not published yet), then each
 * rejected or failed file with its line and reason.
 */
export function formatPolygonReport(job: Job): string[] {
  const verb = job.status === 'done' ? 'Flat-file fetch done' : `Flat-file fetch ${job.status}`;
  const lines: string[] = [];
  const parsed = PolygonFetchSummary.safeParse(job.summary);
  if (parsed.success) {
    const s = parsed.data;
    lines.push(
      `${verb}: ${formatCount(s.filesPlanned)} day files planned: ${formatCount(s.filesDownloaded)} downloaded (${megabytes(s.bytesDownloaded)}), ` +
        `${formatCount(s.filesUpToDate)} already up to date, ${formatCount(s.filesAbsent)} absent, ` +
        `${formatCount(s.filesRejected)} rejected, ${formatCount(s.filesFailed)} failed; ` +
        `${formatCount(s.barsStored)} bars stored; ${formatCount(s.retries)} retries.`,
    );
    if (s.tickersNotFound.length)
      lines.push(
        `Not in any file of the range: ${s.tickersNotFound.join(', ')} (check the spelling, or whether it traded then).`,
      );
    for (const note of s.notes) lines.push(`Note: ${note}`);
  } else {
    lines.push(`${verb}.`);
  }
  if (job.issues.length) {
    lines.push(`Problems (${job.issues.length}):`, ...job.issues.map((issue) => `  ${formatIssue(issue)}`));
  }
  return lines;
}
