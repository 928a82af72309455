import type { PolygonFetchSummary } from '../../../shared/contract/index.js';
import type { PlannedFlatFile } from './plan-flat-files.js';

export function emptyPolygonSummary(): PolygonFetchSummary {
  return {
    filesPlanned: 0,
    filesDownloaded: 0,
    filesUpToDate: 0,
    filesAbsent: 0,
    filesRejected: 0,
    filesFailed: 0,
    bytesDownloaded: 0,
    retries: 0,
    barsStored: 0,
    tickersNotFound: [],
    notes: [],
  };
}

type Absent = Extract<PlannedFlatFile, { kind: 'absent' }>;

/**
 * One note per dataset and reason for the weekdays without a file. None of them is an error:
 * holidays have no session, and a file appears the day after its session (T+1).
 */
export function absentNotes(absent: Absent[]): string[] {
  const notes: string[] = [];
  for (const dataset of ['minute', 'day'] as const) {
    const of = (reason: Absent['reason']) =>
      absent.filter((a) => a.dataset === dataset && a.reason === reason);
    const holidays = of('holiday');
    if (holidays.length)
      notes.push(
        `${dataset} files: none for ${holidays.map((a) => `${a.date} (${a.holiday})`).join(', ')}: the market was closed.`,
      );
    const notYet = of('not-yet');
    if (notYet.length)
      notes.push(
        `${dataset} files: ${dateList(notYet)} not published yet (a day's file appears the next day); fetch again later.`,
      );
    const missing = of('missing');
    if (missing.length)
      notes.push(
        `${dataset} files: the bucket has none for ${dateList(missing)} although the NYSE had a session; those days stay empty.`,
      );
  }
  return notes;
}

function dateList(items: Absent[]): string {
  const dates = items.map((a) => a.date);
  return dates.length <= 6
    ? dates.join(', ')
    : `${dates.slice(0, 5).join(', ')} and ${dates.length - 5} more days`;
}
