import type { Database } from 'better-sqlite3';
import type { CorporateAction } from '../../shared/contract/index.js';
import { parseIsoDate } from '../calendar/civil-date.js';
import { isMarketOpen } from '../calendar/nyse-calendar.js';
import { newYorkDay, newYorkWallTimeToUtc } from '../calendar/new-york-time.js';
import { allocateColumns, barCount, type BarColumns } from './bar-columns.js';
import { BarStore } from './bar-store.js';
import { readCorporateActions } from './corporate-actions-repo.js';

const DAY_MS = 86_400_000;
/** How far before an ex-date to look for the previous close (a long holiday weekend fits). */
const PREVIOUS_CLOSE_LOOKBACK_DAYS = 10;

/** One back-adjustment step: bars of New York days before `exDay` are scaled by these factors. */
export interface Adjustment {
  exDay: number;
  /** Prices are multiplied by it: 1 / ratio for a split, 1 − dividend / previous close for a dividend. */
  priceFactor: number;
  /** Volume is multiplied by it: the ratio for a split, 1 for a dividend. */
  volumeFactor: number;
}

export interface AdjustedBars {
  columns: BarColumns;
  splitsApplied: number;
  dividendsApplied: number;
  /** Ex-dates of dividends left out because no close before them is stored. */
  dividendsWithoutClose: string[];
}

export interface ReadAdjustedBarsInput {
  instrumentId: number;
  ticker: string;
  interval: string;
  /** Inclusive start, epoch ms. */
  from?: number;
  /** Exclusive end, epoch ms. */
  to?: number;
}

/** New York day of a stored bar: daily stock bars sit at 00:00 UTC of their New York date. */
export function barDay(time: number, interval: string): number {
  return interval === '1d' ? Math.floor(time / DAY_MS) : newYorkDay(time);
}

/**
 * The adjustment steps of a ticker's actions. A split of ratio r divides earlier prices by r and
 * multiplies earlier volume by r; a cash dividend D multiplies earlier prices by 1 − D / C, C the
 * raw close of the last session before the ex-date (the convention of CRSP and of Yahoo's
 * adjclose). `previousClose` gives that close (raw), or null when it is not stored.
 */
export function adjustmentSteps(
  actions: CorporateAction[],
  previousClose: (exDay: number) => { close: number; day: number } | null,
): { steps: Adjustment[]; splits: number; dividends: number; dividendsWithoutClose: string[] } {
  const steps: Adjustment[] = [];
  const dividendsWithoutClose: string[] = [];
  const splits = actions.filter((a) => a.kind === 'split' && a.ratio !== null && a.ratio > 0);
  for (const split of splits) {
    steps.push({
      exDay: parseIsoDate(split.exDate),
      priceFactor: 1 / split.ratio!,
      volumeFactor: split.ratio!,
    });
  }
  for (const dividend of actions) {
    if (dividend.kind !== 'dividend' || dividend.amount === null || dividend.amount <= 0) continue;
    const exDay = parseIsoDate(dividend.exDate);
    const previous = previousClose(exDay);
    if (!previous || !(previous.close > dividend.amount)) {
      dividendsWithoutClose.push(dividend.exDate);
      continue;
    }
    // A split between that close and the ex-date (same-day split and dividend) puts the close
    // on the old share basis; bring it to the dividend's.
    let close = previous.close;
    for (const s of splits) {
      const day = parseIsoDate(s.exDate);
      if (day > previous.day && day <= exDay) close /= s.ratio!;
    }
    steps.push({ exDay, priceFactor: 1 - dividend.amount / close, volumeFactor: 1 });
  }
  return { steps, splits: splits.length, dividends: steps.length - splits.length, dividendsWithoutClose };
}

/**
 * Back-adjusts raw bars (a copy; the input is not changed): each bar is scaled by every step
 * whose ex-date is after the bar's New York day, so the latest bars keep their traded prices.
 */
export function backAdjust(raw: BarColumns, interval: string, steps: Adjustment[]): BarColumns {
  const n = barCount(raw);
  const out = allocateColumns(n, false);
  out.time.set(raw.time);
  const byDayDescending = [...steps].sort((a, b) => b.exDay - a.exDay);
  let price = 1;
  let volume = 1;
  let next = 0;
  for (let i = n - 1; i >= 0; i--) {
    const day = barDay(raw.time[i], interval);
    while (next < byDayDescending.length && byDayDescending[next].exDay > day) {
      price *= byDayDescending[next].priceFactor;
      volume *= byDayDescending[next].volumeFactor;
      next++;
    }
    out.open[i] = raw.open[i] * price;
    out.high[i] = raw.high[i] * price;
    out.low[i] = raw.low[i] * price;
    out.close[i] = raw.close[i] * price;
    out.volume[i] = raw.volume[i] * volume;
  }
  return out;
}

/**
 * A stored series back-adjusted for the ticker's splits and dividends, for features. The raw bars
 * in the store stay as they are (fills need traded prices). The previous close of a dividend comes
 * from the ticker's daily bars when stored, else from the series itself (its last regular-session
 * bar before the ex-date).
 */
export function readAdjustedBars(db: Database, input: ReadAdjustedBarsInput): AdjustedBars {
  const store = new BarStore(db);
  const raw = store.readBars({
    instrumentId: input.instrumentId,
    interval: input.interval,
    from: input.from,
    to: input.to,
  });
  const actions = readCorporateActions(db, input.ticker);
  const firstDay = barCount(raw) ? barDay(raw.time[0], input.interval) : Number.POSITIVE_INFINITY;
  // Only actions after the first bar change anything.
  const relevant = actions.filter((a) => parseIsoDate(a.exDate) > firstDay);

  const previousClose = (exDay: number) => {
    const daily = store.readBars({
      instrumentId: input.instrumentId,
      interval: '1d',
      from: (exDay - PREVIOUS_CLOSE_LOOKBACK_DAYS) * DAY_MS,
      to: exDay * DAY_MS,
    });
    if (barCount(daily)) {
      const last = barCount(daily) - 1;
      return { close: daily.close[last], day: barDay(daily.time[last], '1d') };
    }
    if (input.interval === '1d') return null;
    const bars = store.readBars({
      instrumentId: input.instrumentId,
      interval: input.interval,
      from: newYorkWallTimeToUtc(exDay - PREVIOUS_CLOSE_LOOKBACK_DAYS, 0),
      to: newYorkWallTimeToUtc(exDay, 0),
    });
    for (let i = barCount(bars) - 1; i >= 0; i--) {
      if (isMarketOpen(bars.time[i])) return { close: bars.close[i], day: newYorkDay(bars.time[i]) };
    }
    return null;
  };

  const { steps, splits, dividends, dividendsWithoutClose } = adjustmentSteps(relevant, previousClose);
  return {
    columns: backAdjust(raw, input.interval, steps),
    splitsApplied: splits,
    dividendsApplied: dividends,
    dividendsWithoutClose,
  };
}
