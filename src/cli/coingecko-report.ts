import {
  CoinGeckoFetchSummary,
  type CoinGeckoItem,
  type CoinGeckoSnapshot,
  type Job,
} from '../shared/contract/index.js';
import { formatCount } from './progress/format-progress.js';

/** Rows of each snapshot the report shows. */
export const REPORT_TOP = 10;

/**
 * The human report of an ended CoinGecko fetch: what was stored, then the top of each snapshot
 * this job took (`snapshots` as read back from the lab; others are ignored), then the notes.
 */
export function formatCoinGeckoReport(job: Job, snapshots: CoinGeckoSnapshot[]): string[] {
  const verb = job.status === 'done' ? 'CoinGecko fetch done' : `CoinGecko fetch ${job.status}`;
  const parsed = CoinGeckoFetchSummary.safeParse(job.summary);
  if (!parsed.success) return [`${verb}.`];
  const s = parsed.data;
  const stored = s.snapshots.map((x) => `${x.kind} #${x.id} (${formatCount(x.items)} coins)`).join(', ');
  const lines = [
    `${verb}: ${s.snapshots.length === 0 ? 'no snapshot stored' : `stored ${stored}`}; ${formatCount(s.requests)} requests.`,
  ];
  for (const taken of s.snapshots) {
    const snapshot = snapshots.find((x) => x.id === taken.id);
    if (snapshot) lines.push('', ...snapshotTable(snapshot));
  }
  for (const note of s.notes) lines.push(`Note: ${note}`);
  return lines;
}

function snapshotTable(snapshot: CoinGeckoSnapshot): string[] {
  const top = snapshot.items.slice(0, REPORT_TOP);
  const sourceTime = snapshot.sourceTime ? ` (CoinGecko data of ${snapshot.sourceTime})` : '';
  const title =
    snapshot.kind === 'markets'
      ? `Coins by market cap, taken ${snapshot.takenAt}${sourceTime}: top ${top.length} of ${snapshot.items.length}`
      : `Trending searches, taken ${snapshot.takenAt}: top ${top.length} of ${snapshot.items.length}`;
  const header = ['#', 'Coin', 'Symbol', 'MC rank', 'Price USD', 'Market cap', '24h volume'];
  const rows = top.map((item: CoinGeckoItem) => [
    String(item.rank),
    item.name,
    item.symbol.toUpperCase(),
    item.marketCapRank === null ? '-' : String(item.marketCapRank),
    price(item.priceUsd),
    compact(item.marketCapUsd),
    compact(item.volume24hUsd),
  ]);
  // Trending rank is the position in the list; markets rank already is the market-cap rank.
  const columns = snapshot.kind === 'markets' ? [0, 1, 2, 4, 5, 6] : [0, 1, 2, 3, 4, 5, 6];
  const table = [header, ...rows].map((row) => columns.map((c) => row[c]));
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  const leftAligned = new Set([1, 2]);
  const line = (row: string[]) =>
    row
      .map((cell, c) => (leftAligned.has(columns[c]) ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ')
      .trimEnd();
  return [title, ...table.map((row) => `  ${line(row)}`)];
}

/** Prices from 0.000000904 to 76,700: four significant digits below 1, cents above. */
export function price(value: number | null): string {
  if (value === null) return '-';
  if (value !== 0 && Math.abs(value) < 1) return value.toPrecision(4);
  return value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** Market caps and volumes: 1.53T, 569.78B, 3.46M. */
export function compact(value: number | null): string {
  if (value === null) return '-';
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [size, unit] of units) if (Math.abs(value) >= size) return `${(value / size).toFixed(2)}${unit}`;
  return value.toFixed(0);
}
