/**
 * Calendar dates as day numbers (days since 1970-01-01), so the calendar can do date arithmetic and
 * cache per date without building Date objects. Conversions follow H. Hinnant's days_from_civil /
 * civil_from_days, which are exact for the proleptic Gregorian calendar.
 */

export const DAY_MS = 86_400_000;

/** Day number of a civil date; `month` is 1-based. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = month > 2 ? month - 3 : month + 9;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

export interface CivilDate {
  year: number;
  /** 1-based. */
  month: number;
  day: number;
}

/**
 * Civil date of a day number packed into one number, yyyymmdd, so per-bar callers get it without
 * building an object (H. Hinnant's civil_from_days; years count from March there, so February's
 * variable length falls at the end of the year).
 */
export function packedCivilDate(days: number): number {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return year * 10000 + month * 100 + day;
}

export function civilFromDays(days: number): CivilDate {
  const packed = packedCivilDate(days);
  return { year: Math.floor(packed / 10000), month: Math.floor(packed / 100) % 100, day: packed % 100 };
}

/** Civil year of a day number, without building an object (the per-bar time-zone lookup needs it). */
export function yearOfDay(days: number): number {
  return Math.floor(packedCivilDate(days) / 10000);
}

/** 0 = Sunday … 6 = Saturday. 1970-01-01 was a Thursday. */
export function weekdayOf(days: number): number {
  const r = (days + 4) % 7;
  return r < 0 ? r + 7 : r;
}

export const SUNDAY = 0;
export const MONDAY = 1;
export const THURSDAY = 4;
export const FRIDAY = 5;
export const SATURDAY = 6;

/** Day number of the `n`th (1-based) `weekday` of a month. */
export function nthWeekdayOfMonth(year: number, month: number, weekday: number, n: number): number {
  const first = daysFromCivil(year, month, 1);
  return first + ((weekday - weekdayOf(first) + 7) % 7) + (n - 1) * 7;
}

/** Day number of the last `weekday` of a month. */
export function lastWeekdayOfMonth(year: number, month: number, weekday: number): number {
  const last = daysFromCivil(year, month + 1, 1) - 1;
  return last - ((weekdayOf(last) - weekday + 7) % 7);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of a YYYY-MM-DD date; throws, naming the input, for anything else. */
export function parseIsoDate(date: string): number {
  const match = ISO_DATE.exec(date);
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    const days = daysFromCivil(year, month, day);
    const back = civilFromDays(days);
    // Rejects 2024-02-30 and month 13, which the arithmetic would silently roll over.
    if (month >= 1 && month <= 12 && back.month === month && back.day === day) return days;
  }
  throw new Error(`"${date}" is not a calendar date: expected YYYY-MM-DD, e.g. 2024-03-08.`);
}

/** YYYY-MM-DD of a day number. */
export function isoDate(days: number): string {
  const { year, month, day } = civilFromDays(days);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
