import type { MarketKind } from '../../shared/contract/index.js';
import { packedCivilDate } from '../calendar/civil-date.js';
import { DAY_MS, intervalMs } from '../time/intervals.js';
import { DailySessionGrid, IntradaySessionGrid } from './session-grid.js';

/**
 * Where the bars of one interval are expected to open, and how many bar slots lie between two
 * times. Used by the quality scan in its per-bar loop, so nothing here allocates. Crypto trades
 * around the clock; stocks only in exchange sessions (see session-grid.ts).
 */
export interface IntervalGrid {
  readonly interval: string;
  /** Nominal length of one bar (the longest month for 1mo). */
  readonly stepMs: number;
  /**
   * Whether a bar opening at `time` fills a slot the series is expected to have: always around the
   * clock; only inside a regular session for stocks (extended-hours bars are kept, not expected).
   */
  isExpected(time: number): boolean;
  /** Why a bar at `time` is not expected, for the report's examples. */
  describeUnexpected(time: number): string;
  /** Whether a bar opening at `time` sits on the interval's boundary. */
  isAligned(time: number): boolean;
  /**
   * Bar slots from the one `from` opens in to the one `to` opens in (to ≥ from). A bar opening off
   * the grid (09:28:14.789 after an outage) stands for the slot it opens in, so a run of such bars
   * has no gaps, and the step back onto the grid (03:28 → 04:00) is one slot, not a gap.
   */
  stepsBetween(from: number, to: number): number;
  /** The boundary in words, for fault messages: "a whole 1h step", "Monday 00:00 UTC". */
  readonly boundary: string;
}

const WEEK_MS = 7 * DAY_MS;
/** 1970-01-01 was a Thursday; weekly bars open on Mondays, the first of which was 1970-01-05. */
const FIRST_MONDAY_MS = 4 * DAY_MS;

/**
 * The grid of an interval on a market. Stock bars below a day follow NYSE sessions, and daily stock
 * bars expect one bar per session; longer stock intervals (weeks, months) use the calendar grid.
 */
export function intervalGrid(interval: string, market?: MarketKind): IntervalGrid {
  const stepMs = intervalMs(interval);
  if (market === 'stock' && stepMs < DAY_MS) return new IntradaySessionGrid(interval, stepMs);
  if (market === 'stock' && interval === '1d') return new DailySessionGrid();
  if (interval === '1mo') return new MonthGrid(stepMs);
  if (interval === '1w') return new FixedGrid(interval, stepMs, WEEK_MS, FIRST_MONDAY_MS, 'Monday 00:00 UTC');
  // Day and multi-day bars open at midnight UTC. Where a 3d bar starts is the venue's choice
  // (Binance's are not epoch-aligned), so only the midnight is checked.
  if (stepMs >= DAY_MS) return new FixedGrid(interval, stepMs, DAY_MS, 0, '00:00 UTC');
  // Sub-day intervals divide the day, so epoch multiples are also multiples from each midnight.
  return new FixedGrid(interval, stepMs, stepMs, 0, `a whole ${interval} step from 00:00 UTC`);
}

class FixedGrid implements IntervalGrid {
  constructor(
    readonly interval: string,
    readonly stepMs: number,
    private readonly alignMs: number,
    private readonly phaseMs: number,
    readonly boundary: string,
  ) {}

  isExpected(): boolean {
    return true;
  }

  describeUnexpected(): string {
    return 'every bar is expected around the clock';
  }

  isAligned(time: number): boolean {
    return positiveMod(time - this.phaseMs, this.alignMs) === 0;
  }

  stepsBetween(from: number, to: number): number {
    return this.slot(to) - this.slot(from);
  }

  private slot(time: number): number {
    return Math.floor((time - this.phaseMs) / this.stepMs);
  }
}

/** Calendar months: bars open on the 1st at 00:00 UTC and months differ in length. */
class MonthGrid implements IntervalGrid {
  readonly interval = '1mo';
  readonly boundary = 'the 1st of a month, 00:00 UTC';

  constructor(readonly stepMs: number) {}

  isExpected(): boolean {
    return true;
  }

  describeUnexpected(): string {
    return 'every bar is expected around the clock';
  }

  isAligned(time: number): boolean {
    return positiveMod(time, DAY_MS) === 0 && dayOfMonth(Math.floor(time / DAY_MS)) === 1;
  }

  stepsBetween(from: number, to: number): number {
    return monthIndex(Math.floor(to / DAY_MS)) - monthIndex(Math.floor(from / DAY_MS));
  }
}

function positiveMod(value: number, modulus: number): number {
  const r = value % modulus;
  return r < 0 ? r + modulus : r;
}

/** 1-based day of the month of a UTC day number (days since 1970-01-01). */
export function dayOfMonth(day: number): number {
  return packedCivilDate(day) % 100;
}

/** Months since year 0 (year × 12 + month − 1) of a UTC day number, for counting calendar months. */
export function monthIndex(day: number): number {
  const packed = packedCivilDate(day);
  return Math.floor(packed / 10000) * 12 + (Math.floor(packed / 100) % 100) - 1;
}
