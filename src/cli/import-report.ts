import { ImportSummary, type Job, type JobIssue } from '../shared/contract/index.js';
import { formatCount, formatDuration } from './progress/format-progress.js';

/**
 * The human report of an ended import: what was stored, then every rejected file with its reason
 * (a rejected file does not fail the job, so this list is how the user learns about it).
 */
export function formatImportReport(job: Job): string[] {
  const lines: string[] = [];
  const summary = ImportSummary.safeParse(job.summary);
  const took = elapsedSeconds(job);
  const verb = job.status === 'done' ? 'Import done' : `Import ${job.status}`;
  if (summary.success) {
    const { filesOk, filesSkipped, filesRejected, barsStored } = summary.data;
    lines.push(
      `${verb}: ${formatCount(filesOk)} ${plural(filesOk, 'file')} imported, ${formatCount(filesSkipped)} skipped (already stored), ` +
        `${formatCount(filesRejected)} rejected; ${formatCount(barsStored)} bars stored${took === null ? '' : ` in ${took < 10 ? `${took.toFixed(1)}s` : formatDuration(took)}`}.`,
    );
  } else {
    lines.push(`${verb}.`);
  }
  if (job.issues.length > 0) {
    lines.push(`Problems (${job.issues.length}):`);
    for (const issue of job.issues) lines.push(`  ${formatIssue(issue)}`);
  }
  return lines;
}

export function formatIssue(issue: JobIssue): string {
  return `${issue.subject}${issue.line === undefined ? '' : `:${issue.line}`}: ${issue.message}`;
}

function elapsedSeconds(job: Job): number | null {
  if (!job.startedAt || !job.endedAt) return null;
  return Math.max(0, (Date.parse(job.endedAt) - Date.parse(job.startedAt)) / 1000);
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
