import type { PolygonDataset } from '../../../shared/contract/index.js';

const DAY_MS = 86_400_000;

/** Where each dataset's day files live in the Polygon / Massive bucket. */
export const DATASET_PREFIX: Record<PolygonDataset, string> = {
  minute: 'us_stocks_sip/minute_aggs_v1',
  day: 'us_stocks_sip/day_aggs_v1',
};

/** The bar interval each dataset is stored as. */
export const DATASET_INTERVAL: Record<PolygonDataset, '1m' | '1d'> = { minute: '1m', day: '1d' };

/** `us_stocks_sip/minute_aggs_v1/2024/01/2024-01-02.csv.gz` for the minute file of 2024-01-02. */
export function flatFileKey(dataset: PolygonDataset, date: string): string {
  return `${DATASET_PREFIX[dataset]}/${date.slice(0, 4)}/${date.slice(5, 7)}/${date}.csv.gz`;
}

/** The day (YYYY-MM-DD) a flat-file key is for, or null for a key that is not a day file. */
export function dateOfFlatFileKey(key: string): string | null {
  const match = /\/(\d{4})\/(\d{2})\/(\d{4}-\d{2}-\d{2})\.csv\.gz$/.exec(key);
  if (!match || match[3].slice(0, 4) !== match[1] || match[3].slice(5, 7) !== match[2]) return null;
  return match[3];
}

/** The month folders (`…/2024/01/`) that hold the dataset's files for [from, to]. */
export function monthPrefixes(dataset: PolygonDataset, from: string, to: string): string[] {
  const out: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  const lastYear = Number(to.slice(0, 4));
  const lastMonth = Number(to.slice(5, 7));
  while (year < lastYear || (year === lastYear && month <= lastMonth)) {
    out.push(`${DATASET_PREFIX[dataset]}/${year}/${String(month).padStart(2, '0')}/`);
    month++;
    if (month === 13) {
      month = 1;
      year++;
    }
  }
  return out;
}

/**
 * Monday to Friday dates in [from, to]. Exchanges never publish a file for a Saturday or Sunday,
 * so weekends are not planned at all; weekday holidays are planned and come back absent.
 */
export function weekdaysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const last = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= last; t += DAY_MS) {
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6) out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}
