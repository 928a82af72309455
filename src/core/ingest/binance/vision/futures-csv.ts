import { FileRejected } from '../file-rejected.js';

export interface FundingRow {
  time: number;
  rate: number;
  intervalHours: number | null;
}

export interface MetricsRow {
  time: number;
  openInterest: number | null;
  openInterestValue: number | null;
  topTraderAccountRatio: number | null;
  topTraderPositionRatio: number | null;
  longShortAccountRatio: number | null;
  takerBuySellRatio: number | null;
}

function lines(text: string): { line: number; cells: string[] }[] {
  const out: { line: number; cells: string[] }[] = [];
  const raw = text.split(/\r?\n/);
  for (let i = 0; i < raw.length; i++) {
    if (raw[i].trim() === '') continue;
    out.push({ line: i + 1, cells: raw[i].split(',').map((c) => c.trim()) });
  }
  return out;
}

function number(cell: string, line: number, column: string, label: string): number {
  const value = Number(cell);
  if (cell === '' || !Number.isFinite(value))
    throw new FileRejected(`${label} line ${line}: ${column} "${cell}" is not a number`, line);
  return value;
}

function optionalNumber(
  cell: string | undefined,
  line: number,
  column: string,
  label: string,
): number | null {
  if (cell === undefined || cell === '') return null;
  return number(cell, line, column, label);
}

/** Milliseconds from ms or µs epoch values (Data Vision switched some archives to µs in 2025). */
function epochMs(value: number): number {
  return value > 1e14 ? Math.floor(value / 1000) : value;
}

/**
 * Data Vision USD-M `fundingRate` monthly CSV: header `calc_time,funding_interval_hours,last_funding_rate`
 * (ms times that carry a few ms of jitter, kept as published). Older archives lack the interval column.
 */
export function parseFundingRateCsv(text: string, label: string): FundingRow[] {
  const rows = lines(text);
  if (rows.length === 0) throw new FileRejected(`${label} holds no rows`);
  const header = rows[0].cells.map((c) => c.toLowerCase());
  const hasHeader = !/^\d/.test(rows[0].cells[0]);
  const timeCol = hasHeader ? header.indexOf('calc_time') : 0;
  const rateCol = hasHeader ? header.indexOf('last_funding_rate') : rows[0].cells.length - 1;
  const intervalCol = hasHeader
    ? header.indexOf('funding_interval_hours')
    : rows[0].cells.length === 3
      ? 1
      : -1;
  if (timeCol < 0 || rateCol < 0) {
    throw new FileRejected(
      `${label} line 1: expected columns calc_time and last_funding_rate, found "${rows[0].cells.join(',')}"`,
      1,
    );
  }
  const out: FundingRow[] = [];
  let previous = -Infinity;
  for (const { line, cells } of hasHeader ? rows.slice(1) : rows) {
    const time = epochMs(number(cells[timeCol], line, 'calc_time', label));
    if (time <= previous)
      throw new FileRejected(
        `${label} line ${line}: time ${time} does not come after the previous row`,
        line,
      );
    previous = time;
    out.push({
      time,
      rate: number(cells[rateCol], line, 'last_funding_rate', label),
      intervalHours:
        intervalCol >= 0 ? optionalNumber(cells[intervalCol], line, 'funding_interval_hours', label) : null,
    });
  }
  return out;
}

const METRICS_COLUMNS = [
  'create_time',
  'symbol',
  'sum_open_interest',
  'sum_open_interest_value',
  'count_toptrader_long_short_ratio',
  'sum_toptrader_long_short_ratio',
  'count_long_short_ratio',
  'sum_taker_long_short_vol_ratio',
] as const;

/**
 * Data Vision USD-M `metrics` daily CSV (5-minute rows): open interest and the long/short ratios.
 * `create_time` is "YYYY-MM-DD HH:MM:SS" in UTC. Empty ratio cells (early archives) become null.
 */
export function parseMetricsCsv(text: string, label: string, expectedSymbol: string): MetricsRow[] {
  const rows = lines(text);
  if (rows.length === 0) throw new FileRejected(`${label} holds no rows`);
  const header = rows[0].cells.map((c) => c.toLowerCase());
  const index = Object.fromEntries(METRICS_COLUMNS.map((name) => [name, header.indexOf(name)])) as Record<
    (typeof METRICS_COLUMNS)[number],
    number
  >;
  if (index.create_time < 0 || index.sum_open_interest < 0) {
    throw new FileRejected(
      `${label} line 1: expected a header with create_time and sum_open_interest, found "${rows[0].cells.join(',')}"`,
      1,
    );
  }
  const out: MetricsRow[] = [];
  let previous = -Infinity;
  for (const { line, cells } of rows.slice(1)) {
    const when = cells[index.create_time];
    const time = Date.parse(`${when.replace(' ', 'T')}Z`);
    if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(when) || Number.isNaN(time)) {
      throw new FileRejected(
        `${label} line ${line}: create_time "${when}" is not "YYYY-MM-DD HH:MM:SS"`,
        line,
      );
    }
    if (index.symbol >= 0 && cells[index.symbol] !== expectedSymbol) {
      throw new FileRejected(
        `${label} line ${line}: symbol "${cells[index.symbol]}" but the file is for ${expectedSymbol}`,
        line,
      );
    }
    if (time <= previous)
      throw new FileRejected(
        `${label} line ${line}: time ${when} does not come after the previous row`,
        line,
      );
    previous = time;
    const at = (name: (typeof METRICS_COLUMNS)[number]) =>
      index[name] >= 0 ? optionalNumber(cells[index[name]], line, name, label) : null;
    out.push({
      time,
      openInterest: at('sum_open_interest'),
      openInterestValue: at('sum_open_interest_value'),
      topTraderAccountRatio: at('count_toptrader_long_short_ratio'),
      topTraderPositionRatio: at('sum_toptrader_long_short_ratio'),
      longShortAccountRatio: at('count_long_short_ratio'),
      takerBuySellRatio: at('sum_taker_long_short_vol_ratio'),
    });
  }
  return out;
}
