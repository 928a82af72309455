import type { CoverageRow } from '../shared/contract/index.js';
import { formatCount } from './progress/format-progress.js';
import { formatTable, type TableColumn } from './text-table.js';

const COLUMNS: TableColumn<CoverageRow>[] = [
  { title: 'SYMBOL', value: (r) => r.symbol },
  { title: 'VENUE', value: (r) => r.venue },
  { title: 'MARKET', value: (r) => r.market },
  { title: 'INTERVAL', value: (r) => r.interval },
  { title: 'BARS', value: (r) => formatCount(r.bars), alignRight: true },
  { title: 'FIRST (UTC)', value: (r) => shortTime(r.first) },
  { title: 'LAST (UTC)', value: (r) => shortTime(r.last) },
  { title: 'DAYS', value: (r) => formatCount(r.days), alignRight: true },
  { title: 'GAPS', value: (r) => formatCount(r.gaps), alignRight: true },
];

/** The coverage table as aligned text lines, header first. */
export function formatCoverageTable(rows: CoverageRow[]): string[] {
  return formatTable(COLUMNS, rows);
}

/** The fields `coverage --json` promises, in a fixed order (venue is a table-only detail). */
export function coverageJson(rows: CoverageRow[]): Array<Omit<CoverageRow, 'venue'>> {
  return rows.map(({ symbol, market, interval, bars, first, last, days, gaps }) => ({
    symbol,
    market,
    interval,
    bars,
    first,
    last,
    days,
    gaps,
  }));
}

/** `2020-01-03T23:59:00.000Z` → `2020-01-03 23:59`: minutes are the finest interval stored. */
function shortTime(iso: string | null): string {
  return iso === null ? '-' : iso.slice(0, 16).replace('T', ' ');
}
