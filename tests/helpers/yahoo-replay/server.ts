import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  loadRecordedCharts,
  loadRecordedSearches,
  type RecordedAnswer,
  type RecordedChart,
  type RecordedSearch,
} from './fixtures.js';

/** One request the replay received, as asked (tests assert windows, intervals and events). */
export interface YahooReplayRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  /** The shared-data fixture that answered, when one did. */
  fixture: string | null;
}

export type YahooReplayFault =
  /** Answer with this status and Yahoo's error wrapper (or `body` as is). */
  | { type: 'status'; status: number; body?: string }
  /** The matched chart with its bars removed, exactly as Yahoo sends a weekend: no timestamp, quote [{}]. */
  | { type: 'empty-chart' }
  /** Hold the answer this long (for cancel tests). */
  | { type: 'delay'; ms: number }
  /** Close the connection without an answer (a network error for the client). */
  | { type: 'reset' };

export interface YahooFaultRule {
  /** Substring of, or pattern for, `path?query` (path decoded, e.g. /v8/finance/chart/AAPL?interval=1d…). */
  match: string | RegExp;
  /** How many matching requests get the fault (default: all). */
  times?: number;
  fault: YahooReplayFault;
}

export interface YahooReplay {
  /** Base URL to give the client as its yahooUrl (every *.yahoo.com request lands here). */
  url: string;
  requests: YahooReplayRequest[];
  setFaults(rules: YahooFaultRule[]): void;
  close(): Promise<void>;
}

const CRUMB = 'replay-crumb';

const sameInterval = (a: string, b: string) => (a === '60m' ? '1h' : a) === (b === '60m' ? '1h' : b);

/** Seconds the two windows share (negative: the gap between them). */
function overlap(chart: RecordedChart, period1: number, period2: number): number {
  return Math.min(chart.period2, period2) - Math.max(chart.period1, period1);
}

/**
 * The recording for a chart request: same symbol and interval; among several, one whose recorded
 * window holds the asked start (a request "from X up to now" is about X), then the one that
 * overlaps the asked window most (or lies nearest). Its body is served as recorded, so a request
 * for another window still gets the recording's bars, as a replay should: the client must drop
 * what lies outside the window it asked for.
 */
function pickChart(charts: RecordedChart[], symbol: string, query: URLSearchParams): RecordedChart | null {
  const interval = query.get('interval') ?? '1d';
  const period1 = Number(query.get('period1') ?? 0);
  const period2 = Number(query.get('period2') ?? Math.floor(Date.now() / 1000));
  const candidates = charts.filter(
    (c) => c.symbol.toUpperCase() === symbol.toUpperCase() && sameInterval(c.interval, interval),
  );
  if (!candidates.length) return null;
  return candidates.reduce((best, c) =>
    overlap(c, period1, period2) > overlap(best, period1, period2) ? c : best,
  );
}

function yahooError(key: 'chart' | 'finance', code: string, description: string): string {
  return JSON.stringify({ [key]: { result: null, error: { code, description } } });
}

/** The weekend/holiday shape: meta kept, no timestamp, `quote: [{}]`, no adjclose or events. */
function emptyChart(body: string): string {
  const json = JSON.parse(body) as { chart: { result: Array<Record<string, unknown>> } };
  const result = json.chart.result[0];
  delete result.timestamp;
  delete result.events;
  result.indicators = { quote: [{}] };
  return JSON.stringify(json);
}

/** A search answer with no quotes and no news: the AAPL recording's shape with its lists emptied. */
function emptySearch(searches: RecordedSearch[]): string {
  const json = JSON.parse(searches[0].body) as Record<string, unknown>;
  for (const [key, value] of Object.entries(json)) if (Array.isArray(value)) json[key] = [];
  json.count = 0;
  return JSON.stringify(json);
}

/**
 * Yahoo Finance on 127.0.0.1, replaying the recorded yahoo-finance2 fixtures of shared data
 * (chart and search), plus the cookie and crumb endpoints the library calls for crumb-protected
 * modules. Unknown symbols get Yahoo's 404 "No data found" answer.
 */
export async function startYahooReplay(): Promise<YahooReplay> {
  const charts = loadRecordedCharts();
  const searches = loadRecordedSearches();
  const requests: YahooReplayRequest[] = [];
  let faults: Array<YahooFaultRule & { left: number }> = [];

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://replay');
    const path = decodeURIComponent(url.pathname);
    const record: YahooReplayRequest = {
      method: req.method ?? 'GET',
      path,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      fixture: null,
    };
    requests.push(record);

    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...headers });
      res.end(body);
    };
    const serve = (answer: RecordedAnswer, body = answer.body) => {
      record.fixture = answer.file;
      send(answer.status, body, { 'content-type': answer.contentType });
    };

    const target = `${path}${url.search ? `?${decodeURIComponent(url.search.slice(1))}` : ''}`;
    const rule = faults.find(
      (f) => f.left > 0 && (typeof f.match === 'string' ? target.includes(f.match) : f.match.test(target)),
    );
    if (rule) rule.left -= 1;
    const fault = rule?.fault;

    const answer = () => {
      if (fault?.type === 'status') {
        return send(fault.status, fault.body ?? yahooError('chart', `HTTP ${fault.status}`, 'replay fault'));
      }
      const chartPath = path.match(/^\/v8\/finance\/chart\/([^/]+)$/);
      if (chartPath) {
        const chart = pickChart(charts, chartPath[1], url.searchParams);
        if (!chart) {
          return send(404, yahooError('chart', 'Not Found', 'No data found, symbol may be delisted'));
        }
        return serve(chart, fault?.type === 'empty-chart' ? emptyChart(chart.body) : chart.body);
      }
      if (path === '/v1/finance/search') {
        const q = (url.searchParams.get('q') ?? '').toUpperCase();
        const search = searches.find((s) => s.q.toUpperCase() === q);
        return search ? serve(search) : send(200, emptySearch(searches));
      }
      // Cookie and crumb flow of yahoo-finance2 (finance.yahoo.com/quote/X, then query1 /v1/test/getcrumb).
      if (path.startsWith('/quote/')) {
        return send(200, '<html></html>', {
          'content-type': 'text/html',
          'set-cookie': 'A3=replay-cookie; Max-Age=31557600; Path=/',
        });
      }
      if (path === '/v1/test/getcrumb') return send(200, CRUMB, { 'content-type': 'text/plain' });
      send(404, yahooError('finance', 'Not Found', `replay has nothing at ${path}`));
    };

    if (fault?.type === 'reset') {
      record.status = -1;
      req.socket.destroy();
    } else if (fault?.type === 'delay') {
      const timer = setTimeout(answer, fault.ms);
      res.on('close', () => clearTimeout(timer));
    } else {
      answer();
    }
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setFaults(rules) {
      faults = rules.map((r) => ({ ...r, left: r.times ?? Number.POSITIVE_INFINITY }));
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
