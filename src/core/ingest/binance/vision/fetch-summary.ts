import type { FetchSummary, JobIssue } from '../../../../shared/contract/index.js';
import type { ArchiveOutcome } from './archive-fetcher.js';

export function emptyFetchSummary(filesPlanned = 0): FetchSummary {
  return {
    filesPlanned,
    filesDownloaded: 0,
    filesCached: 0,
    filesAbsent: 0,
    filesRejected: 0,
    filesReuploaded: 0,
    filesFailed: 0,
    bytesDownloaded: 0,
    retries: 0,
    barsStored: 0,
    restRows: 0,
    notes: [],
  };
}

/** Counts one archive's outcome and returns the issue to record on the job, if any. */
export function countOutcome(summary: FetchSummary, outcome: ArchiveOutcome): JobIssue | null {
  const subject = outcome.archive.key;
  switch (outcome.kind) {
    case 'ingested':
      if (outcome.source === 'downloaded') summary.filesDownloaded++;
      else summary.filesCached++;
      if (outcome.reuploaded) summary.filesReuploaded++;
      summary.barsStored += outcome.rows;
      return null;
    case 'unchanged':
      summary.filesCached++;
      return null;
    case 'absent':
      summary.filesAbsent++;
      return { subject, message: `skipped because absent: ${outcome.reason}` };
    case 'rejected':
      summary.filesRejected++;
      return {
        subject,
        message: `rejected, nothing stored: ${outcome.reason}`,
        ...(outcome.line ? { line: outcome.line } : {}),
      };
    case 'failed':
      summary.filesFailed++;
      return {
        subject,
        message: `not downloaded: ${outcome.reason}. Run the same fetch again to resume it.`,
      };
  }
}
