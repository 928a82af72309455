import type { CoverageDay } from '../../shared/contract/index.js';

export interface HeatmapRow {
  /** symbol|market|interval: one instrument at one interval. */
  key: string;
  symbol: string;
  market: CoverageDay['market'];
  interval: string;
  byDay: Map<string, CoverageDay>;
}

export interface MonthMark {
  /** Column index of the month's first shown day in the grid. */
  column: number;
  label: string;
}

/** A grid column: one UTC day, or a long stretch where no instrument has data, folded into one. */
export type HeatmapColumn =
  { kind: 'day'; day: string } | { kind: 'skip'; from: string; to: string; days: number };

export interface HeatmapModel {
  rows: HeatmapRow[];
  /**
   * Every UTC day from the earliest to the latest stored day, so holes show as empty cells; except
   * that runs of more than `foldEmptyRunsOver` days empty in every row fold into one `skip` column
   * (one instrument from 2017 and another from 2024 would otherwise be mostly blank grid).
   */
  columns: HeatmapColumn[];
  months: MonthMark[];
}

const DAY_MS = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** All UTC days from `first` to `last` inclusive, as YYYY-MM-DD. */
export function dayRange(first: string, last: string): string[] {
  const start = Date.parse(`${first}T00:00:00Z`);
  const end = Date.parse(`${last}T00:00:00Z`);
  if (Number.isNaN(start) || Number.isNaN(end) || end < start) return [];
  const days: string[] = [];
  for (let t = start; t <= end; t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

function foldEmptyRuns(days: string[], hasData: Set<string>, maxRun: number): HeatmapColumn[] {
  const columns: HeatmapColumn[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length > maxRun)
      columns.push({ kind: 'skip', from: run[0], to: run[run.length - 1], days: run.length });
    else for (const day of run) columns.push({ kind: 'day', day });
    run = [];
  };
  for (const day of days) {
    if (hasData.has(day)) {
      flush();
      columns.push({ kind: 'day', day });
    } else {
      run.push(day);
    }
  }
  flush();
  return columns;
}

function monthMarks(columns: HeatmapColumn[]): MonthMark[] {
  const marks: MonthMark[] = [];
  let lastMonth = '';
  let lastYear = '';
  columns.forEach((col, column) => {
    if (col.kind !== 'day') {
      lastYear = ''; // after a fold, say the year again
      return;
    }
    const year = col.day.slice(0, 4);
    const month = col.day.slice(0, 7);
    if (month === lastMonth) return;
    const name = MONTHS[Number(col.day.slice(5, 7)) - 1];
    marks.push({ column, label: year !== lastYear ? `${name} ${year}` : name });
    lastMonth = month;
    lastYear = year;
  });
  return marks;
}

/** Groups per-day coverage into instrument rows over one shared day axis. */
export function buildHeatmap(coverageDays: CoverageDay[], foldEmptyRunsOver = 14): HeatmapModel {
  const rows = new Map<string, HeatmapRow>();
  const hasData = new Set<string>();
  let first: string | null = null;
  let last: string | null = null;
  for (const d of coverageDays) {
    const key = `${d.symbol}|${d.market}|${d.interval}`;
    let row = rows.get(key);
    if (!row) {
      row = { key, symbol: d.symbol, market: d.market, interval: d.interval, byDay: new Map() };
      rows.set(key, row);
    }
    row.byDay.set(d.day, d);
    hasData.add(d.day);
    if (first === null || d.day < first) first = d.day;
    if (last === null || d.day > last) last = d.day;
  }
  const days = first && last ? dayRange(first, last) : [];
  const columns = foldEmptyRuns(days, hasData, foldEmptyRunsOver);
  const sorted = [...rows.values()].sort(
    (a, b) =>
      a.symbol.localeCompare(b.symbol) ||
      a.market.localeCompare(b.market) ||
      a.interval.localeCompare(b.interval),
  );
  return { rows: sorted, columns, months: monthMarks(columns) };
}

export interface HeaderCell {
  start: number;
  span: number;
  label: string;
  skip: boolean;
}

/** The header row: a month label spanning its days, and a marker over each folded stretch. */
export function headerCells(model: Pick<HeatmapModel, 'columns' | 'months'>): HeaderCell[] {
  const labels = new Map(model.months.map((m) => [m.column, m.label]));
  const cells: HeaderCell[] = [];
  let current: HeaderCell | null = null;
  model.columns.forEach((col, i) => {
    if (col.kind === 'skip') {
      current = null;
      cells.push({ start: i, span: 1, label: '⋯', skip: true });
      return;
    }
    const label = labels.get(i);
    if (label !== undefined || current === null) {
      current = { start: i, span: 1, label: label ?? '', skip: false };
      cells.push(current);
    } else {
      current.span++;
    }
  });
  return cells;
}

/** The row's own first-to-last day span (for its bars-per-day chart). */
export function rowDays(row: HeatmapRow): string[] {
  const days = [...row.byDay.keys()].sort();
  return days.length ? dayRange(days[0], days[days.length - 1]) : [];
}

/** Share of the expected bars present, clamped to [0, 1]. */
export function completeness(day: Pick<CoverageDay, 'bars' | 'expected'>): number {
  return day.expected > 0 ? Math.min(1, Math.max(0, day.bars / day.expected)) : 0;
}

/** Red (empty) through amber to green (complete); hue only, so it reads on the dark theme. */
export function completenessColor(ratio: number): string {
  if (ratio >= 1) return 'hsl(140 55% 42%)';
  const hue = Math.round(ratio * 95);
  return `hsl(${hue} 70% ${38 + ratio * 8}%)`;
}

/** Saturday or Sunday: no stock session (weekday holidays come from the core's calendar). */
export function isWeekend(day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/**
 * How a heatmap cell without bars reads: `closed` for a stock on a weekend or an exchange holiday
 * (`closures`: date → reason, from `getMarketClosures`), since nothing is missing then; else
 * `empty` (crypto trades every day; a session day without stock bars was not fetched).
 */
export function emptyCellKind(
  market: CoverageDay['market'],
  day: string,
  closures: ReadonlyMap<string, string> = new Map(),
): 'closed' | 'empty' {
  return market === 'stock' && (isWeekend(day) || closures.has(day)) ? 'closed' : 'empty';
}

/** First and last day of the stock rows, the range whose holidays the heatmap needs; null without stocks. */
export function stockDayRange(days: readonly CoverageDay[]): { from: string; to: string } | null {
  let from: string | null = null;
  let to: string | null = null;
  for (const d of days) {
    if (d.market !== 'stock') continue;
    if (from === null || d.day < from) from = d.day;
    if (to === null || d.day > to) to = d.day;
  }
  return from && to ? { from, to } : null;
}
