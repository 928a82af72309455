import {
  FetchCoinGeckoParams,
  FetchNewsParams,
  FetchPolygonParams,
  FetchYahooParams,
  type CoinGeckoSnapshotKind,
  type PolygonDataset,
  type YahooInterval,
} from '../../shared/contract/index.js';
import { paramsFromSchema, type FieldErrors, type FormResult } from './form-result.js';
import { parseTickerList, tickerListError } from './tickers.js';

const DAY_MS = 86_400_000;
const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The Polygon / Massive flat-file form as typed. */
export interface PolygonFormValues {
  tickersText: string;
  /** First and last New York session day, YYYY-MM-DD. */
  from: string;
  to: string;
  datasets: readonly PolygonDataset[];
  extendedHours: boolean;
}

export type PolygonField = 'tickers' | 'from' | 'to' | 'datasets';
const POLYGON_FIELDS: readonly PolygonField[] = ['tickers', 'from', 'to', 'datasets'];

/** The last 30 days up to today (today's file appears T+1: the job treats it as not published yet). */
export function defaultPolygonRange(today: Date): { from: string; to: string } {
  return { from: utcDay(today.getTime() - 30 * DAY_MS), to: utcDay(today.getTime()) };
}

/** Missing or reversed session days, said per field (the schema checks the order only last). */
function sessionDayErrors(from: string, to: string): FieldErrors<'from' | 'to'> {
  const errors: FieldErrors<'from' | 'to'> = {};
  if (!from) errors.from = 'Pick the first session day to fetch.';
  if (!to) errors.to = 'Pick the last session day to fetch (today or later means up to the newest file).';
  if (from && to && from > to) errors.from = `"From" (${from}) is after "To" (${to}).`;
  return errors;
}

/** The `startFetchPolygon` parameters for the form, or the inline message of each wrong field. */
export function buildPolygonParams(values: PolygonFormValues): FormResult<FetchPolygonParams, PolygonField> {
  const parsed = parseTickerList(values.tickersText);
  const errors: FieldErrors<PolygonField> = { ...sessionDayErrors(values.from, values.to) };
  const tickerError = tickerListError(parsed);
  if (tickerError) errors.tickers = tickerError;
  if (values.datasets.length === 0) errors.datasets = 'Tick minute bars, day bars or both.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  return paramsFromSchema(
    FetchPolygonParams,
    {
      tickers: parsed.tickers,
      from: values.from,
      to: values.to,
      datasets: [...values.datasets],
      extendedHours: values.extendedHours,
    },
    POLYGON_FIELDS,
  );
}

/** The Yahoo chart form as typed; empty dates mean "as far back as Yahoo keeps" and "today". */
export interface YahooFormValues {
  tickersText: string;
  interval: YahooInterval;
  from: string;
  to: string;
}

export type YahooField = 'tickers' | 'interval' | 'from' | 'to';
const YAHOO_FIELDS: readonly YahooField[] = ['tickers', 'interval', 'from', 'to'];

/** The `startFetchYahoo` parameters for the form, or the inline message of each wrong field. */
export function buildYahooParams(values: YahooFormValues): FormResult<FetchYahooParams, YahooField> {
  const parsed = parseTickerList(values.tickersText);
  const errors: FieldErrors<YahooField> = {};
  const tickerError = tickerListError(parsed);
  if (tickerError) errors.tickers = tickerError;
  if (values.from && values.to && values.from > values.to) {
    errors.from = `"From" (${values.from}) is after "To" (${values.to}).`;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  return paramsFromSchema(
    FetchYahooParams,
    {
      tickers: parsed.tickers,
      interval: values.interval,
      ...(values.from ? { from: values.from } : {}),
      ...(values.to ? { to: values.to } : {}),
    },
    YAHOO_FIELDS,
  );
}

/** The news form as typed. */
export interface NewsFormValues {
  tickersText: string;
  perTicker: string;
}

export type NewsField = 'tickers' | 'perTicker';
const NEWS_FIELDS: readonly NewsField[] = ['tickers', 'perTicker'];

/** The `startFetchNews` parameters for the form, or the inline message of each wrong field. */
export function buildNewsParams(values: NewsFormValues): FormResult<FetchNewsParams, NewsField> {
  const parsed = parseTickerList(values.tickersText);
  const errors: FieldErrors<NewsField> = {};
  const tickerError = tickerListError(parsed);
  if (tickerError) errors.tickers = tickerError;
  const text = values.perTicker.trim();
  const perTicker = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(perTicker >= 1 && perTicker <= 100)) {
    errors.perTicker = 'Headlines per ticker must be a whole number from 1 to 100.';
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  return paramsFromSchema(FetchNewsParams, { tickers: parsed.tickers, perTicker }, NEWS_FIELDS);
}

export type CoinGeckoField = 'what';

/** The `startFetchCoinGecko` parameters: which snapshots to take now. */
export function buildCoinGeckoParams(
  what: readonly CoinGeckoSnapshotKind[],
): FormResult<FetchCoinGeckoParams, CoinGeckoField> {
  if (what.length === 0) return { ok: false, errors: { what: 'Tick markets, trending or both.' } };
  return paramsFromSchema(FetchCoinGeckoParams, { what: [...what] }, ['what'] as const);
}
