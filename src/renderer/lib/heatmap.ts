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
  /** Column index of the month's first day in the grid. */
  column: number;
  label: string;
}

export interface HeatmapModel {
  rows: HeatmapRow[];
  /** Every UTC day from the earliest to the latest stored day, so gaps show as empty cells. */
  days: string[];
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

/** Groups per-day coverage into instrument rows over one shared, gap-free day axis. */
export function buildHeatmap(coverageDays: CoverageDay[]): HeatmapModel {
  const rows = new Map<string, HeatmapRow>();
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
    if (first === null || d.day < first) first = d.day;
    if (last === null || d.day > last) last = d.day;
  }
  const days = first && last ? dayRange(first, last) : [];
  const months: MonthMark[] = [];
  days.forEach((day, column) => {
    if (column === 0 || day.endsWith('-01')) {
      const month = MONTHS[Number(day.slice(5, 7)) - 1];
      months.push({ column, label: day.slice(5, 7) === '01' || column === 0 ? `${month} ${day.slice(0, 4)}` : month });
    }
  });
  const sorted = [...rows.values()].sort(
    (a, b) => a.symbol.localeCompare(b.symbol) || a.market.localeCompare(b.market) || a.interval.localeCompare(b.interval),
  );
  return { rows: sorted, days, months };
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
