import { describe, expect, it } from 'vitest';
import {
  extendedHoursBounds,
  holidayName,
  isMarketOpen,
  newYorkDate,
  sessionOn,
  sessionsBetween,
} from '../../src/core/calendar/nyse-calendar.js';
import { closuresOfYear, earlyClosesOfYear } from '../../src/core/calendar/nyse-holidays.js';
import { newYorkOffsetMs, newYorkWallTimeToUtc } from '../../src/core/calendar/new-york-time.js';
import { parseIsoDate } from '../../src/core/calendar/civil-date.js';
import { easterSunday } from '../../src/core/calendar/easter.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** Offset of America/New_York at a UTC time according to the platform's time-zone database (the oracle). */
const oracleParts = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
function oracleOffsetMs(t: number): number {
  const parts = Object.fromEntries(oracleParts.formatToParts(new Date(t)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return wall - Math.floor(t / 1000) * 1000;
}

/** A New York wall time as UTC ms, e.g. ny('2024-03-08', '09:30'). */
function ny(date: string, time: string): number {
  const [h, m, rest] = time.split(':');
  const seconds = rest === undefined ? 0 : Number(rest);
  return newYorkWallTimeToUtc(parseIsoDate(date), Number(h) * 60 + Number(m)) + seconds * 1000;
}

describe('America/New_York offset', () => {
  it('matches the time-zone database every hour of the three days around each DST change 2015–2030', () => {
    let checked = 0;
    for (let year = 2015; year <= 2030; year++) {
      for (const month of [2, 3, 9, 10]) {
        // 0-based months: March and November hold the changes since 2007, April and October those of
        // the 1987–2006 rule (which must not be applied now). Hourly in the switch months.
        for (let day = 1; day <= 31; day++) {
          const midnight = Date.UTC(year, month, day);
          const sameMonth = new Date(midnight).getUTCMonth() === month;
          if (!sameMonth) continue;
          const step = month === 2 || month === 10 ? HOUR : 6 * HOUR;
          for (let t = midnight; t < midnight + 24 * HOUR; t += step) {
            expect(newYorkOffsetMs(t), new Date(t).toISOString()).toBe(oracleOffsetMs(t));
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(16 * 31 * 24);
  });

  it('matches the time-zone database every minute around each switch instant 2015–2030', () => {
    for (let year = 2015; year <= 2030; year++) {
      for (const month of [2, 10]) {
        for (let day = 1; day <= 14; day++) {
          const t0 = Date.UTC(year, month, day, 5);
          for (let t = t0; t < t0 + 3 * HOUR; t += MINUTE) {
            if (newYorkOffsetMs(t) !== oracleOffsetMs(t)) {
              expect.fail(`offset differs at ${new Date(t).toISOString()}`);
            }
          }
        }
      }
    }
  });

  it('matches the time-zone database at noon UTC every day 2015–2030 and gives the New York date', () => {
    for (let t = Date.UTC(2015, 0, 1, 12); t < Date.UTC(2031, 0, 1); t += 24 * HOUR) {
      if (newYorkOffsetMs(t) !== oracleOffsetMs(t))
        expect.fail(`offset differs at ${new Date(t).toISOString()}`);
    }
    expect(newYorkDate(Date.parse('2024-03-09T04:59:59.999Z'))).toBe('2024-03-08');
    expect(newYorkDate(Date.parse('2024-03-09T05:00:00Z'))).toBe('2024-03-09');
    expect(newYorkDate(Date.parse('2024-07-01T03:59:59.999Z'))).toBe('2024-06-30');
    expect(newYorkDate(Date.parse('2024-07-01T04:00:00Z'))).toBe('2024-07-01');
  });

  it('follows the 1987–2006 rule (first Sunday of April to last Sunday of October)', () => {
    for (let year = 1990; year <= 2006; year++) {
      for (let t = Date.UTC(year, 3, 1); t < Date.UTC(year, 3, 9); t += HOUR) {
        if (newYorkOffsetMs(t) !== oracleOffsetMs(t))
          expect.fail(`offset differs at ${new Date(t).toISOString()}`);
      }
      for (let t = Date.UTC(year, 9, 24); t < Date.UTC(year, 10, 2); t += HOUR) {
        if (newYorkOffsetMs(t) !== oracleOffsetMs(t))
          expect.fail(`offset differs at ${new Date(t).toISOString()}`);
      }
    }
  });
});

/** NYSE's published holiday schedules, 2015–2027 (dates the exchange is closed on a weekday). */
const PUBLISHED_HOLIDAYS: Record<number, string[]> = {
  2015: ['01-01', '01-19', '02-16', '04-03', '05-25', '07-03', '09-07', '11-26', '12-25'],
  2016: ['01-01', '01-18', '02-15', '03-25', '05-30', '07-04', '09-05', '11-24', '12-26'],
  2017: ['01-02', '01-16', '02-20', '04-14', '05-29', '07-04', '09-04', '11-23', '12-25'],
  2018: ['01-01', '01-15', '02-19', '03-30', '05-28', '07-04', '09-03', '11-22', '12-05', '12-25'],
  2019: ['01-01', '01-21', '02-18', '04-19', '05-27', '07-04', '09-02', '11-28', '12-25'],
  2020: ['01-01', '01-20', '02-17', '04-10', '05-25', '07-03', '09-07', '11-26', '12-25'],
  2021: ['01-01', '01-18', '02-15', '04-02', '05-31', '07-05', '09-06', '11-25', '12-24'],
  2022: ['01-17', '02-21', '04-15', '05-30', '06-20', '07-04', '09-05', '11-24', '12-26'],
  2023: ['01-02', '01-16', '02-20', '04-07', '05-29', '06-19', '07-04', '09-04', '11-23', '12-25'],
  2024: ['01-01', '01-15', '02-19', '03-29', '05-27', '06-19', '07-04', '09-02', '11-28', '12-25'],
  2025: ['01-01', '01-09', '01-20', '02-17', '04-18', '05-26', '06-19', '07-04', '09-01', '11-27', '12-25'],
  2026: ['01-01', '01-19', '02-16', '04-03', '05-25', '06-19', '07-03', '09-07', '11-26', '12-25'],
  2027: ['01-01', '01-18', '02-15', '03-26', '05-31', '06-18', '07-05', '09-06', '11-25', '12-24'],
};

/** NYSE's published early closes (13:00 New York), 2015–2027. */
const PUBLISHED_EARLY_CLOSES: Record<number, string[]> = {
  2015: ['11-27', '12-24'],
  2016: ['11-25'],
  2017: ['07-03', '11-24'],
  2018: ['07-03', '11-23', '12-24'],
  2019: ['07-03', '11-29', '12-24'],
  2020: ['11-27', '12-24'],
  2021: ['11-26'],
  2022: ['11-25'],
  2023: ['07-03', '11-24'],
  2024: ['07-03', '11-29', '12-24'],
  2025: ['07-03', '11-28', '12-24'],
  2026: ['11-27', '12-24'],
  2027: ['11-26'],
};

/** Sessions per year as the exchange counts them. */
const SESSIONS_PER_YEAR: Record<number, number> = {
  2015: 252,
  2016: 252,
  2017: 251,
  2018: 251,
  2019: 252,
  2020: 253,
  2021: 252,
  2022: 251,
  2023: 250,
  2024: 252,
  2025: 250,
  2026: 251,
  2027: 251,
};

function sessionsInYear(year: number): number {
  return sessionsBetween(ny(`${year}-01-01`, '00:00'), ny(`${year + 1}-01-01`, '00:00')).length;
}

describe('NYSE holidays', () => {
  it.each(Object.keys(PUBLISHED_HOLIDAYS).map(Number))('%i matches the published holiday list', (year) => {
    expect(closuresOfYear(year).map((c) => c.date)).toEqual(
      PUBLISHED_HOLIDAYS[year].map((d) => `${year}-${d}`),
    );
    for (const d of PUBLISHED_HOLIDAYS[year]) {
      expect(sessionOn(`${year}-${d}`)).toBeNull();
      expect(holidayName(`${year}-${d}`)).not.toBeNull();
    }
  });

  it.each(Object.keys(PUBLISHED_EARLY_CLOSES).map(Number))(
    '%i matches the published early closes',
    (year) => {
      expect(earlyClosesOfYear(year)).toEqual(PUBLISHED_EARLY_CLOSES[year].map((d) => `${year}-${d}`));
      for (const d of PUBLISHED_EARLY_CLOSES[year]) {
        const session = sessionOn(`${year}-${d}`)!;
        expect(session.earlyClose).toBe(true);
        expect(session.close).toBe(ny(`${year}-${d}`, '13:00'));
      }
    },
  );

  it.each(Object.keys(SESSIONS_PER_YEAR).map(Number))('%i has the known number of sessions', (year) => {
    expect(sessionsInYear(year)).toBe(SESSIONS_PER_YEAR[year]);
  });

  it('names holidays, including observed ones, and nothing on weekends or trading days', () => {
    expect(holidayName('2024-07-04')).toBe('Independence Day');
    expect(holidayName('2021-12-24')).toBe('Christmas Day (observed)');
    expect(holidayName('2021-12-25')).toBeNull();
    expect(holidayName('2022-06-20')).toBe('Juneteenth National Independence Day (observed)');
    expect(holidayName('2023-01-02')).toBe("New Year's Day (observed)");
    expect(holidayName('2012-10-29')).toBe('Hurricane Sandy');
    expect(holidayName('2024-03-08')).toBeNull();
    expect(holidayName('2024-03-09')).toBeNull();
  });

  it('does not observe a Saturday New Year on the Friday before (2021-12-31, 2027-12-31 trade)', () => {
    expect(sessionOn('2021-12-31')?.earlyClose).toBe(false);
    expect(sessionOn('2027-12-31')?.earlyClose).toBe(false);
    expect(holidayName('2022-01-01')).toBeNull();
  });

  it('has no Juneteenth before 2022 and no MLK Day before 1998', () => {
    expect(sessionOn('2021-06-18')).not.toBeNull();
    expect(sessionOn('2020-06-19')).not.toBeNull();
    expect(sessionOn('1997-01-20')).not.toBeNull();
    expect(sessionOn('1998-01-19')).toBeNull();
  });

  it('computes dates beyond the published lists from the rules (2028–2030)', () => {
    expect(holidayName('2030-04-19')).toBe('Good Friday');
    expect(holidayName('2030-11-28')).toBe('Thanksgiving Day');
    expect(holidayName('2030-01-21')).toBe('Martin Luther King Jr. Day');
    expect(holidayName('2030-05-27')).toBe('Memorial Day');
    expect(holidayName('2029-03-30')).toBe('Good Friday');
    expect(holidayName('2028-04-14')).toBe('Good Friday');
    expect(holidayName('2028-07-04')).toBe('Independence Day');
    expect(holidayName('2028-12-25')).toBe('Christmas Day');
    expect(holidayName('2028-06-19')).toBe('Juneteenth National Independence Day');
    // 2028-01-01 is a Saturday: not observed. 2029-01-01 is a Monday.
    expect(closuresOfYear(2028).map((c) => c.date)[0]).toBe('2028-01-17');
    expect(holidayName('2029-01-01')).toBe("New Year's Day");
    expect(sessionOn('2030-11-29')?.earlyClose).toBe(true);
    expect(sessionOn('2030-12-24')?.earlyClose).toBe(true);
    expect(sessionOn('2030-07-03')?.earlyClose).toBe(true);
    expect(sessionOn('2029-07-03')?.earlyClose).toBe(true);
    // 2028: 260 weekdays less 9 holidays (New Year's falls on a Saturday); 2029 and 2030: 261 less 10.
    expect(sessionsInYear(2028)).toBe(251);
    expect(sessionsInYear(2029)).toBe(251);
    expect(sessionsInYear(2030)).toBe(251);
  });

  it('computes Easter with the Gregorian computus', () => {
    const known: Record<number, string> = {
      2000: '2000-04-23',
      2008: '2008-03-23',
      2011: '2011-04-24',
      2019: '2019-04-21',
      2024: '2024-03-31',
      2038: '2038-04-25',
    };
    for (const [year, date] of Object.entries(known))
      expect(easterSunday(Number(year))).toBe(parseIsoDate(date));
  });
});

describe('sessions', () => {
  it('opens 09:30 and closes 16:00 New York in winter and summer', () => {
    expect(sessionOn('2024-01-10')).toEqual({
      date: '2024-01-10',
      open: Date.parse('2024-01-10T14:30:00Z'),
      close: Date.parse('2024-01-10T21:00:00Z'),
      earlyClose: false,
    });
    expect(sessionOn('2024-07-10')).toEqual({
      date: '2024-07-10',
      open: Date.parse('2024-07-10T13:30:00Z'),
      close: Date.parse('2024-07-10T20:00:00Z'),
      earlyClose: false,
    });
  });

  it('moves the UTC open with the DST switch weeks', () => {
    expect(sessionOn('2024-03-08')!.open).toBe(Date.parse('2024-03-08T14:30:00Z'));
    expect(sessionOn('2024-03-11')!.open).toBe(Date.parse('2024-03-11T13:30:00Z'));
    expect(sessionOn('2024-11-01')!.open).toBe(Date.parse('2024-11-01T13:30:00Z'));
    expect(sessionOn('2024-11-04')!.open).toBe(Date.parse('2024-11-04T14:30:00Z'));
    expect(sessionOn('2023-03-10')!.close).toBe(Date.parse('2023-03-10T21:00:00Z'));
    expect(sessionOn('2023-03-13')!.close).toBe(Date.parse('2023-03-13T20:00:00Z'));
    expect(sessionOn('2024-03-09')).toBeNull();
  });

  it.each([
    ['winter', '2024-01-10'],
    ['summer', '2024-07-10'],
  ])('isMarketOpen at the bells in %s', (_season, date) => {
    expect(isMarketOpen(ny(date, '09:29:59.999'))).toBe(false);
    expect(isMarketOpen(ny(date, '09:30'))).toBe(true);
    expect(isMarketOpen(ny(date, '12:00'))).toBe(true);
    expect(isMarketOpen(ny(date, '15:59'))).toBe(true);
    expect(isMarketOpen(ny(date, '15:59:59.999'))).toBe(true);
    expect(isMarketOpen(ny(date, '16:00'))).toBe(false);
    expect(isMarketOpen(ny(date, '20:00'))).toBe(false);
  });

  it('isMarketOpen on a half day, a holiday and a weekend', () => {
    expect(isMarketOpen(ny('2024-11-29', '12:59'))).toBe(true);
    expect(isMarketOpen(ny('2024-11-29', '13:00'))).toBe(false);
    expect(isMarketOpen(ny('2024-07-04', '11:00'))).toBe(false);
    expect(isMarketOpen(ny('2024-03-09', '11:00'))).toBe(false);
    expect(isMarketOpen(ny('2024-03-10', '11:00'))).toBe(false);
    expect(isMarketOpen(Number.NaN)).toBe(false);
  });

  it('lists the sessions of the New York dates a UTC range touches', () => {
    // Friday 2024-03-08 20:59Z (15:59 New York) to Tuesday 2024-03-12 05:00Z (Tuesday 01:00 New York).
    const sessions = sessionsBetween(Date.parse('2024-03-08T20:59:00Z'), Date.parse('2024-03-12T05:00:00Z'));
    expect(sessions.map((s) => s.date)).toEqual(['2024-03-08', '2024-03-11', '2024-03-12']);
    // [from, to): ending exactly at New York midnight leaves that day out.
    expect(sessionsBetween(ny('2024-03-11', '00:00'), ny('2024-03-12', '00:00')).map((s) => s.date)).toEqual([
      '2024-03-11',
    ]);
    expect(sessionsBetween(10, 10)).toEqual([]);
  });

  it('gives extended hours 04:00–20:00 New York, ending 17:00 on early-close days', () => {
    expect(extendedHoursBounds('2024-01-10')).toEqual({
      preOpen: Date.parse('2024-01-10T09:00:00Z'),
      postClose: Date.parse('2024-01-11T01:00:00Z'),
    });
    expect(extendedHoursBounds('2024-07-10')).toEqual({
      preOpen: Date.parse('2024-07-10T08:00:00Z'),
      postClose: Date.parse('2024-07-11T00:00:00Z'),
    });
    expect(extendedHoursBounds('2024-11-29')!.postClose).toBe(Date.parse('2024-11-29T22:00:00Z'));
    expect(extendedHoursBounds('2024-12-25')).toBeNull();
  });

  it('rejects a date that is not YYYY-MM-DD, naming it', () => {
    expect(() => sessionOn('2024-02-30')).toThrow(/"2024-02-30" is not a calendar date/);
    expect(() => holidayName('3/8/2024')).toThrow(/"3\/8\/2024"/);
  });

  it('answers isMarketOpen fast enough for a per-bar scan (a year of minutes)', () => {
    const start = performance.now();
    let open = 0;
    for (let t = Date.parse('2024-01-01T00:00:00Z'); t < Date.parse('2025-01-01T00:00:00Z'); t += MINUTE) {
      if (isMarketOpen(t)) open++;
    }
    expect(open).toBe(252 * 390 - 3 * 180);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});
