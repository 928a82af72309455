import { expect, test } from 'vitest';
import { sessionOnDay } from '../../src/core/calendar/nyse-calendar.js';
import {
  barInSession,
  marketOpenFlag,
  MarketOpenStream,
} from '../../src/core/features/kernels/market-open.js';
import { loadStockMinutes } from '../helpers/real-series.js';
import { newYorkMidnightUtc, newYorkMinuteOfDay } from '../helpers/stock-bars.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

test('SPY minutes with extended hours: 1 exactly for the 09:30–15:59 bars (independent time-zone clock)', () => {
  const bars = loadStockMinutes('spy'); // Lean: full regular days, plus pre-market and after-hours bars
  const flags = marketOpenFlag(bars.time, MINUTE, sessionOnDay);
  let open = 0;
  for (let i = 0; i < bars.time.length; i++) {
    const minute = newYorkMinuteOfDay(bars.time[i]);
    const expected = minute >= 9 * 60 + 30 && minute < 16 * 60 ? 1 : 0;
    if (flags[i] !== expected) expect.fail(`bar ${new Date(bars.time[i]).toISOString()}: ${flags[i]}`);
    open += expected;
  }
  expect(open).toBeGreaterThan(1000);
  expect(bars.time.length - open).toBeGreaterThan(1000);
});

test('yfinance AAPL 1h bars (stamped 09:30 … 15:30) are all in session; the bar 09:00–10:00 overlaps it', () => {
  const bars = loadStockMinutes('AAPL', 'yfinance', '1h');
  expect(Array.from(marketOpenFlag(bars.time, HOUR, sessionOnDay)).every((v) => v === 1)).toBe(true);
  const nineOClock = newYorkMidnightUtc('20250203') + 9 * HOUR;
  expect(barInSession(nineOClock, HOUR, sessionOnDay)).toBe(1);
  expect(barInSession(nineOClock, 30 * MINUTE, sessionOnDay)).toBe(0);
});

test('daily bars stamped at New York midnight: 1 on trading days, 0 on weekends and holidays', () => {
  const days = ['20131004', '20131005', '20131007', '20131128', '20131129', '20140704', '20230803'];
  const times = Float64Array.from(days, newYorkMidnightUtc);
  // Fri, Sat, Mon, Thanksgiving, the early-close day after it, Independence Day, Thu.
  expect(Array.from(marketOpenFlag(times, DAY, sessionOnDay))).toEqual([1, 0, 1, 0, 1, 0, 1]);
});

test('early close: on 2013-11-29 the 12:59 minute is in session, 13:00 is not', () => {
  const midnight = newYorkMidnightUtc('20131129');
  expect(barInSession(midnight + 12 * HOUR + 59 * MINUTE, MINUTE, sessionOnDay)).toBe(1);
  expect(barInSession(midnight + 13 * HOUR, MINUTE, sessionOnDay)).toBe(0);
  expect(barInSession(Number.NaN, MINUTE, sessionOnDay)).toBe(0);
});

test('the stream equals the batch, restored or not; a bad interval is refused', () => {
  const bars = loadStockMinutes('spy');
  const batch = marketOpenFlag(bars.time, MINUTE, sessionOnDay);
  let stream = new MarketOpenStream(MINUTE, sessionOnDay);
  for (let i = 0; i < bars.time.length; i++) {
    if (i === 2000) stream = MarketOpenStream.restore(MINUTE, sessionOnDay, stream.snapshot());
    expect(stream.update(bars.time[i])).toBe(batch[i]);
  }
  expect(() => marketOpenFlag(bars.time, 0, sessionOnDay)).toThrow(/intervalMs must be a positive/);
  expect(() => MarketOpenStream.restore(MINUTE, sessionOnDay, new Float64Array(2))).toThrow(/state has 2/);
});
