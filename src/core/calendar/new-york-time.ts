import {
  DAY_MS,
  SUNDAY,
  daysFromCivil,
  isoDate,
  lastWeekdayOfMonth,
  nthWeekdayOfMonth,
  yearOfDay,
} from './civil-date.js';

/**
 * America/New_York from the US daylight-saving rules, computed per year (no time-zone database,
 * no list of dates that runs out). Local time = UTC + offset.
 */

const HOUR_MS = 3_600_000;
export const EST_OFFSET_MS = -5 * HOUR_MS;
export const EDT_OFFSET_MS = -4 * HOUR_MS;

/** Start (inclusive) and end (exclusive) of daylight time in one year, as UTC ms. */
interface DaylightSpan {
  start: number;
  end: number;
}

const daylightByYear = new Map<number, DaylightSpan>();

/**
 * Daylight time of one year. Clocks change at 02:00 local: spring forward at 02:00 EST (07:00 UTC),
 * fall back at 02:00 EDT (06:00 UTC).
 * - 2007 on (Energy Policy Act of 2005): second Sunday of March to first Sunday of November.
 * - 1987–2006: first Sunday of April to last Sunday of October.
 * - 1967–1986 (Uniform Time Act): last Sunday of April to last Sunday of October, except the
 *   1974–1975 energy-crisis years, which started on January 6 and February 23.
 * Years before 1967 use the 1967 rule; New York's earlier local rules are not modelled (no market
 * data in the lab goes back that far).
 */
function daylightSpan(year: number): DaylightSpan {
  const cached = daylightByYear.get(year);
  if (cached) return cached;
  let startDay: number;
  let endDay: number;
  if (year >= 2007) {
    startDay = nthWeekdayOfMonth(year, 3, SUNDAY, 2);
    endDay = nthWeekdayOfMonth(year, 11, SUNDAY, 1);
  } else if (year >= 1987) {
    startDay = nthWeekdayOfMonth(year, 4, SUNDAY, 1);
    endDay = lastWeekdayOfMonth(year, 10, SUNDAY);
  } else {
    startDay =
      year === 1974
        ? daysFromCivil(1974, 1, 6)
        : year === 1975
          ? daysFromCivil(1975, 2, 23)
          : lastWeekdayOfMonth(year, 4, SUNDAY);
    endDay = lastWeekdayOfMonth(year, 10, SUNDAY);
  }
  const span = { start: startDay * DAY_MS + 7 * HOUR_MS, end: endDay * DAY_MS + 6 * HOUR_MS };
  daylightByYear.set(year, span);
  return span;
}

/** New York's UTC offset at a UTC time: −5 h (EST) or −4 h (EDT), in ms. */
export function newYorkOffsetMs(t: number): number {
  // The UTC year is the right year to look up: the changes fall in March–November, far from the
  // turn of the year where the UTC and New York years differ.
  const span = daylightSpan(yearOfDay(Math.floor(t / DAY_MS)));
  return t >= span.start && t < span.end ? EDT_OFFSET_MS : EST_OFFSET_MS;
}

/** Day number (days since 1970-01-01) of the New York calendar date at a UTC time. */
export function newYorkDay(t: number): number {
  return Math.floor((t + newYorkOffsetMs(t)) / DAY_MS);
}

/** The New York calendar date (YYYY-MM-DD) at a UTC time. */
export function newYorkDate(t: number): string {
  if (!Number.isFinite(t)) throw new Error(`newYorkDate needs a time in epoch ms, got ${t}.`);
  return isoDate(newYorkDay(t));
}

/**
 * The UTC time of a New York wall-clock time on a day (`minutes` after local midnight). A wall time
 * that happens twice (01:30 on the fall-back night) is taken as the first, daylight one; one that
 * never happens (02:30 on the spring-forward night) as the standard-time reading, an hour later.
 * Market hours are never near either.
 */
export function newYorkWallTimeToUtc(day: number, minutes: number): number {
  const local = day * DAY_MS + minutes * 60_000;
  const asDaylight = local - EDT_OFFSET_MS;
  if (newYorkOffsetMs(asDaylight) === EDT_OFFSET_MS) return asDaylight;
  return local - EST_OFFSET_MS;
}
