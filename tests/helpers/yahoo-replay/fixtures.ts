import fs from 'node:fs';
import path from 'node:path';
import type { YahooChart } from '../../../src/core/ingest/yahoo/yahoo-client.js';
import { dataPath } from '../paths.js';

/**
 * One recorded yahoo-finance2 HTTP fixture from shared data. Two wrappers exist: newer files keep
 * the answer in `response.bodyJson`, older ones as a JSON string in `response.body` with
 * array-valued headers (see PROVENANCE.md). The body is kept as recorded, quirks included.
 */
export interface RecordedAnswer {
  file: string;
  /** Path of the recorded request, e.g. /v8/finance/chart/AAPL. */
  path: string;
  query: URLSearchParams;
  status: number;
  contentType: string;
  body: string;
}

export interface RecordedChart extends RecordedAnswer {
  symbol: string;
  /** Yahoo interval of the recording ("60m" and "1h" both appear in the wild). */
  interval: string;
  /** Requested window, UTC seconds. */
  period1: number;
  period2: number;
}

export interface RecordedSearch extends RecordedAnswer {
  q: string;
}

interface Wrapper {
  request: { url: string };
  response: {
    status?: number;
    headers?: Record<string, string | string[]>;
    bodyJson?: unknown;
    body?: string;
  };
}

function readAnswer(file: string): RecordedAnswer {
  const wrapper = JSON.parse(fs.readFileSync(file, 'utf8')) as Wrapper;
  const url = new URL(wrapper.request.url);
  const header = wrapper.response.headers?.['content-type'];
  return {
    file: path.basename(file),
    path: decodeURIComponent(url.pathname),
    query: url.searchParams,
    status: wrapper.response.status ?? 200,
    contentType: (Array.isArray(header) ? header[0] : header) ?? 'application/json;charset=utf-8',
    body:
      wrapper.response.bodyJson !== undefined
        ? JSON.stringify(wrapper.response.bodyJson)
        : String(wrapper.response.body ?? ''),
  };
}

function jsonFiles(folder: string): string[] {
  return fs
    .readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => path.join(folder, name));
}

export function loadRecordedCharts(): RecordedChart[] {
  return jsonFiles(dataPath('yahoo', 'chart')).map((file) => {
    const answer = readAnswer(file);
    return {
      ...answer,
      symbol: answer.path.split('/').pop() ?? '',
      interval: answer.query.get('interval') ?? '1d',
      period1: Number(answer.query.get('period1')),
      period2: Number(answer.query.get('period2')),
    };
  });
}

export function loadRecordedSearches(): RecordedSearch[] {
  return jsonFiles(dataPath('yahoo', 'search')).map((file) => {
    const answer = readAnswer(file);
    return { ...answer, q: answer.query.get('q') ?? '' };
  });
}

/** The recorded chart fixture of a file name in shared data/yahoo/chart, parsed (tests compare against it). */
export function recordedChartJson(fileName: string): {
  meta: Record<string, unknown>;
  timestamp?: number[];
  events?: Record<string, Record<string, Record<string, number>>>;
  indicators: {
    quote: Array<Record<string, Array<number | null>>>;
    adjclose?: Array<{ adjclose: Array<number | null> }>;
  };
} {
  const answer = readAnswer(dataPath('yahoo', 'chart', fileName));
  return JSON.parse(answer.body).chart.result[0];
}

/**
 * A recorded chart in the client's YahooChart shape, without HTTP (for pure unit tests): the same
 * conversion the client makes of yahoo-finance2's answer (seconds → ms, events sorted by time).
 */
export function recordedYahooChart(fileName: string): YahooChart {
  const json = recordedChartJson(fileName);
  const times = (json.timestamp ?? []).map((s) => s * 1000);
  const quote = json.indicators.quote[0] ?? {};
  const column = (name: string) => quote[name] ?? times.map(() => null);
  const events = json.events ?? {};
  return {
    ticker: String(json.meta.symbol),
    times,
    open: column('open'),
    high: column('high'),
    low: column('low'),
    close: column('close'),
    volume: column('volume'),
    adjclose: json.indicators.adjclose?.[0]?.adjclose ?? null,
    splits: Object.values(events.splits ?? {})
      .map((s) => ({ time: s.date * 1000, numerator: s.numerator, denominator: s.denominator }))
      .sort((a, b) => a.time - b.time),
    dividends: Object.values(events.dividends ?? {})
      .map((d) => ({ time: d.date * 1000, amount: d.amount }))
      .sort((a, b) => a.time - b.time),
    exchangeTimezone: (json.meta.exchangeTimezoneName as string | undefined) ?? null,
    currency: (json.meta.currency as string | undefined) ?? null,
  };
}
