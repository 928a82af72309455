import type { YahooInterval } from '../../../shared/contract/index.js';
import { sessionOnDay } from '../../calendar/nyse-calendar.js';
import { newYorkDay, newYorkWallTimeToUtc } from '../../calendar/new-york-time.js';
import { isSoundBar } from '../../quality/ohlc-check.js';
import { allocateColumns, type BarColumns } from '../../store/bar-columns.js';
import { intervalMs } from '../../time/intervals.js';
import type { YahooChart, YahooSplit } from './yahoo-client.js';

const DAY_MS = 86_400_000;

/**
 * A split as the de-adjustment needs it: bars of New York days before `exDay` are multiplied by
 * `ratio` (new shares per old share) to undo Yahoo's adjustment.
 */
export interface SplitAdjustment {
  /** New York day number (days since 1970-01-01) of the ex-date. */
  exDay: number;
  ratio: number;
}

export function splitAdjustments(splits: YahooSplit[]): SplitAdjustment[] {
  return splits
    .filter((s) => s.numerator > 0 && s.denominator > 0)
    .map((s) => ({ exDay: newYorkDay(s.time), ratio: s.numerator / s.denominator }));
}

/**
 * Product of the ratios of every split after a New York day: the factor by which Yahoo divided
 * that day's prices (and multiplied its volume).
 */
export function splitFactorAfter(day: number, splits: SplitAdjustment[]): number {
  let factor = 1;
  for (const s of splits) if (s.exDay > day) factor *= s.ratio;
  return factor;
}

export interface DroppedBars {
  /** A null open, high, low, close or volume (Yahoo leaves holes in intraday charts). */
  nulls: number;
  /** Outside the asked [from, to), e.g. the "latest" bar Yahoo appends, or not closed yet at `now`. */
  outsideWindow: number;
  /** Prices or volume that cannot be real (isSoundBar). */
  unsound: number;
  /** A second bar for a time (or a New York date, for daily bars) already taken. */
  duplicates: number;
}

export interface ChartBars {
  columns: BarColumns;
  dropped: DroppedBars;
}

export interface ChartToBarsInput {
  chart: YahooChart;
  interval: YahooInterval;
  /** Bars to keep, UTC ms [from, to). For 1d, compared on the bar's New York date. */
  keep: { from: number; to: number };
  /** Bars that have not closed by now are dropped (a session in progress is not a bar yet). */
  now: number;
  /** Every split Yahoo reported from the first bar up to the fetch time (see below). */
  splits: SplitAdjustment[];
}

export function droppedTotal(dropped: DroppedBars): number {
  return dropped.nulls + dropped.outsideWindow + dropped.unsound + dropped.duplicates;
}

/**
 * Yahoo chart → raw (unadjusted) bars.
 *
 * Which prices are stored: Yahoo's chart `quote` values are NOT raw. Every split up to the moment
 * of the request has been applied to them (the recorded NVDA chart of 2021 shows pre-2021-07-20
 * closes near 13, a quarter of the ~53 traded after its 4:1 split, and volumes four times larger;
 * it was recorded in 2025, so the 2024 10:1 split is folded in as well). Dividends are not
 * applied to `quote` (only to `adjclose`). The lab stores raw prices, because fills and Polygon's
 * flat files are raw, so each bar is multiplied back by the ratios of the splits after its New
 * York date (volume divided), using every split Yahoo reports from the bar up to now.
 * `adjclose` is not stored; the adjusted series is derived from raw bars and corporate actions
 * (adjusted-bars.ts).
 *
 * Times: intraday bars keep Yahoo's timestamp (the bar open, UTC ms); daily bars are stamped
 * 00:00 UTC of their New York date (Yahoo stamps them at the session open), like Polygon's
 * day aggregates, so one session is one day chunk.
 *
 * Never throws on Yahoo's quirks: a weekend chart without timestamps gives zero bars, holes
 * (null) are dropped and counted, and so are bars outside the window, not closed yet, unsound
 * or repeated. Yahoo's float32-looking values (164.97999572753906) are kept as sent.
 */
export function chartToBars(input: ChartToBarsInput): ChartBars {
  const { chart, interval, keep, now, splits } = input;
  const daily = interval === '1d';
  const step = intervalMs(interval);
  const n = chart.times.length;
  const out = allocateColumns(n, false);
  const dropped: DroppedBars = { nulls: 0, outsideWindow: 0, unsound: 0, duplicates: 0 };
  const keepFromDay = newYorkDay(keep.from);
  const keepToDay = newYorkDay(keep.to - 1);
  const taken = new Map<number, number>();
  let k = 0;

  for (let i = 0; i < n; i++) {
    const t = chart.times[i];
    const o = chart.open[i];
    const h = chart.high[i];
    const l = chart.low[i];
    const c = chart.close[i];
    const v = chart.volume[i];
    if (o === null || h === null || l === null || c === null || v === null) {
      dropped.nulls++;
      continue;
    }
    const day = newYorkDay(t);
    const time = daily ? day * DAY_MS : t;
    const inWindow = daily ? day >= keepFromDay && day <= keepToDay : t >= keep.from && t < keep.to;
    if (!inWindow || closeOf(day, t, daily, step) > now) {
      dropped.outsideWindow++;
      continue;
    }
    const factor = splitFactorAfter(day, splits);
    const open = o * factor;
    const high = h * factor;
    const low = l * factor;
    const close = c * factor;
    const volume = v / factor;
    if (!isSoundBar(open, high, low, close, volume)) {
      dropped.unsound++;
      continue;
    }
    if (taken.has(time)) {
      dropped.duplicates++;
      continue;
    }
    taken.set(time, k);
    out.time[k] = time;
    out.open[k] = open;
    out.high[k] = high;
    out.low[k] = low;
    out.close[k] = close;
    out.volume[k] = volume;
    k++;
  }
  return { columns: sortedPrefix(out, k), dropped };
}

/** When a bar is complete: intraday at open + interval; a daily bar at its session's close. */
function closeOf(day: number, t: number, daily: boolean, step: number): number {
  if (!daily) return t + step;
  return sessionOnDay(day)?.close ?? newYorkWallTimeToUtc(day + 1, 0);
}

/** The first `k` bars, sorted by time (Yahoo sends them in order; this makes sure). */
function sortedPrefix(columns: BarColumns, k: number): BarColumns {
  const order = Array.from({ length: k }, (_, i) => i);
  const inOrder = order.every((i) => i === 0 || columns.time[i - 1] < columns.time[i]);
  if (!inOrder) order.sort((a, b) => columns.time[a] - columns.time[b]);
  const out = allocateColumns(k, false);
  for (const name of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) {
    for (let i = 0; i < k; i++) out[name][i] = columns[name][order[i]];
  }
  return out;
}
