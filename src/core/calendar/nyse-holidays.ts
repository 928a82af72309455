import {
  MONDAY,
  SATURDAY,
  SUNDAY,
  THURSDAY,
  daysFromCivil,
  isoDate,
  parseIsoDate,
  lastWeekdayOfMonth,
  nthWeekdayOfMonth,
  weekdayOf,
  yearOfDay,
} from './civil-date.js';
import { goodFriday } from './easter.js';
import { UNSCHEDULED_CLOSURES } from './nyse-closures.js';

/**
 * NYSE holidays and early closes computed from the exchange's rules (NYSE Rule 7.2 and its
 * published schedules), so the calendar never runs out. The rules are those in force since 1998,
 * when Martin Luther King Jr. Day was added; Juneteenth counts from 2022.
 */

interface YearSchedule {
  /** Weekdays the exchange is closed, with the holiday's name. */
  closed: Map<number, string>;
  /** Weekdays the regular session ends at 13:00 New York. */
  earlyCloses: Set<number>;
}

const schedules = new Map<number, YearSchedule>();

function yearSchedule(year: number): YearSchedule {
  const cached = schedules.get(year);
  if (cached) return cached;
  const closed = new Map<number, string>();
  const add = (day: number, name: string): void => {
    closed.set(day, name);
  };
  // A holiday on a fixed date: Saturday is observed on the Friday before, Sunday on the Monday after.
  const addFixed = (month: number, dayOfMonth: number, name: string): void => {
    const day = daysFromCivil(year, month, dayOfMonth);
    const weekday = weekdayOf(day);
    if (weekday === SATURDAY) add(day - 1, `${name} (observed)`);
    else if (weekday === SUNDAY) add(day + 1, `${name} (observed)`);
    else add(day, name);
  };

  // New Year's Day on a Sunday moves to Monday; on a Saturday it is not observed at all: Rule 7.2
  // keeps the exchange open on a Friday that ends a yearly accounting period (2021-12-31 traded).
  const newYear = daysFromCivil(year, 1, 1);
  const newYearWeekday = weekdayOf(newYear);
  if (newYearWeekday === SUNDAY) add(newYear + 1, "New Year's Day (observed)");
  else if (newYearWeekday !== SATURDAY) add(newYear, "New Year's Day");

  if (year >= 1998) add(nthWeekdayOfMonth(year, 1, MONDAY, 3), 'Martin Luther King Jr. Day');
  add(nthWeekdayOfMonth(year, 2, MONDAY, 3), "Washington's Birthday");
  add(goodFriday(year), 'Good Friday');
  add(lastWeekdayOfMonth(year, 5, MONDAY), 'Memorial Day');
  if (year >= 2022) addFixed(6, 19, 'Juneteenth National Independence Day');
  addFixed(7, 4, 'Independence Day');
  add(nthWeekdayOfMonth(year, 9, MONDAY, 1), 'Labor Day');
  const thanksgiving = nthWeekdayOfMonth(year, 11, THURSDAY, 4);
  add(thanksgiving, 'Thanksgiving Day');
  addFixed(12, 25, 'Christmas Day');

  for (const [date, name] of UNSCHEDULED_CLOSURES) {
    const day = parseIsoDate(date);
    if (yearOfDay(day) === year) add(day, name);
  }

  // Early closes: the eve of Independence Day and of Christmas when that eve is a trading weekday
  // (not the observed holiday itself, as when July 4 falls on a Saturday), and the day after
  // Thanksgiving.
  const earlyCloses = new Set<number>();
  const addEarlyClose = (day: number): void => {
    const weekday = weekdayOf(day);
    if (weekday !== SATURDAY && weekday !== SUNDAY && !closed.has(day)) earlyCloses.add(day);
  };
  addEarlyClose(daysFromCivil(year, 7, 3));
  addEarlyClose(thanksgiving + 1);
  addEarlyClose(daysFromCivil(year, 12, 24));

  const schedule = { closed, earlyCloses };
  schedules.set(year, schedule);
  return schedule;
}

/** Name of the holiday or closure the NYSE observes on this day, null on trading days and weekends. */
export function closureOnDay(day: number): string | null {
  return yearSchedule(yearOfDay(day)).closed.get(day) ?? null;
}

/** Whether this day's regular session ends early, at 13:00 New York. */
export function isEarlyCloseDay(day: number): boolean {
  return yearSchedule(yearOfDay(day)).earlyCloses.has(day);
}

/** All closures of a year in date order, for listings and tests. */
export function closuresOfYear(year: number): Array<{ date: string; name: string }> {
  return [...yearSchedule(year).closed]
    .sort(([a], [b]) => a - b)
    .map(([day, name]) => ({ date: isoDate(day), name }));
}

/** All early-close days of a year in date order. */
export function earlyClosesOfYear(year: number): string[] {
  return [...yearSchedule(year).earlyCloses].sort((a, b) => a - b).map(isoDate);
}
