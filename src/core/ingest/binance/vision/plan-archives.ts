import type { VisionObjectLike } from './vision-object.js';

/** One archive the job will fetch (or find in the raw cache). */
export interface PlannedArchive {
  key: string;
  period: 'monthly' | 'daily';
  /** "YYYY-MM" or "YYYY-MM-DD". */
  date: string;
  remote: VisionObjectLike;
}

export interface ArchivePlan {
  archives: PlannedArchive[];
  /** Days inside the symbol's published life with no archive at all (real holes on Data Vision). */
  missingDays: string[];
  /** First and last date published for this series, whatever the request. */
  firstPublished: string | null;
  lastPublished: string | null;
}

export interface PlanInput {
  /** Inclusive UTC days. */
  from: string;
  to: string;
  /** Today, UTC (YYYY-MM-DD): today's daily archive is never published yet. */
  today: string;
  /** Archives listed, by date. Monthly may be empty (metrics are daily only). */
  monthly: Map<string, VisionObjectLike>;
  daily: Map<string, VisionObjectLike>;
  /** Daily archives allowed (funding is monthly only). */
  dailyAllowed?: boolean;
}

const DAY = 86_400_000;
const dayString = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);

/**
 * Chooses archives the way Binance's own tooling does: the monthly archive for every complete
 * month that has one, daily archives for the current month and for months whose monthly archive
 * is not (yet) published. Only dates inside [from, to] and before today are wanted.
 */
export function planArchives(input: PlanInput): ArchivePlan {
  const dailyAllowed = input.dailyAllowed ?? true;
  const currentMonth = input.today.slice(0, 7);
  const lastWanted = dayString(Math.min(dayMs(input.to), dayMs(input.today) - DAY));
  const published = [...input.monthly.keys(), ...input.daily.keys()].sort();
  const firstPublished = firstDayOf(published[0]);
  const lastPublished = lastDayOf(published.at(-1));
  const archives: PlannedArchive[] = [];
  const missingDays: string[] = [];
  if (lastWanted < input.from) return { archives, missingDays, firstPublished, lastPublished };

  for (let month = input.from.slice(0, 7); month <= lastWanted.slice(0, 7); month = nextMonth(month)) {
    const monthly = input.monthly.get(month);
    if (monthly && month < currentMonth) {
      archives.push({ key: monthly.key, period: 'monthly', date: month, remote: monthly });
      continue;
    }
    const start = Math.max(dayMs(`${month}-01`), dayMs(input.from));
    const end = Math.min(dayMs(`${nextMonth(month)}-01`) - DAY, dayMs(lastWanted));
    for (let t = start; t <= end; t += DAY) {
      const day = dayString(t);
      const daily = dailyAllowed ? input.daily.get(day) : undefined;
      if (daily) archives.push({ key: daily.key, period: 'daily', date: day, remote: daily });
      else if (firstPublished && lastPublished && day >= firstPublished && day <= lastPublished)
        missingDays.push(day);
    }
  }
  return { archives, missingDays, firstPublished, lastPublished };
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

function firstDayOf(date: string | undefined): string | null {
  if (!date) return null;
  return date.length === 7 ? `${date}-01` : date;
}

function lastDayOf(date: string | undefined): string | null {
  if (!date) return null;
  if (date.length === 10) return date;
  return dayString(dayMs(`${nextMonth(date)}-01`) - DAY);
}

/** Compresses sorted days into "a..b" ranges for messages. */
export function dayRanges(days: string[]): string[] {
  const out: string[] = [];
  let start: string | null = null;
  let prev: string | null = null;
  for (const day of days) {
    if (prev && dayMs(day) - dayMs(prev) === DAY) {
      prev = day;
      continue;
    }
    if (start) out.push(start === prev ? start : `${start}..${prev}`);
    start = day;
    prev = day;
  }
  if (start) out.push(start === prev ? start : `${start}..${prev}`);
  return out;
}
