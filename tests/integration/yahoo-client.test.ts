import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createYahooClient, type YahooLogger } from '../../src/core/ingest/yahoo/yahoo-client.js';
import { YahooRequestError } from '../../src/core/ingest/yahoo/yahoo-errors.js';
import { recordedChartJson, startYahooReplay, type YahooReplay } from '../helpers/yahoo-replay/index.js';

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

function recordingLogger() {
  const lines: Array<{ level: string; message: string }> = [];
  const logger: YahooLogger = {
    info: (message) => lines.push({ level: 'info', message }),
    warn: (message) => lines.push({ level: 'warn', message }),
    error: (message) => lines.push({ level: 'error', message }),
    debug: (message) => lines.push({ level: 'debug', message }),
  };
  return { lines, logger };
}

describe('yahoo client against the replay of recorded yahoo-finance2 fixtures', () => {
  let replay: YahooReplay;
  beforeAll(async () => {
    replay = await startYahooReplay();
  });
  afterAll(() => replay.close());

  it('reads a recorded daily chart with its split event through yahoo-finance2 on this Node', async () => {
    const { lines, logger } = recordingLogger();
    const client = createYahooClient({ baseUrl: replay.url, logger, minIntervalMs: 0 });
    const before = replay.requests.length;
    const chart = await client.chart('NVDA', {
      period1: day('2021-02-01'),
      period2: day('2022-01-31'),
      interval: '1d',
      events: ['div', 'split'],
    });
    const recorded = recordedChartJson('historical-via-chart-NVDA-split-2021-02-01-to-2022-01-31.csv.json');
    expect(chart.times).toEqual(recorded.timestamp!.map((s) => s * 1000));
    expect(chart.close).toEqual(recorded.indicators.quote[0].close);
    expect(chart.adjclose).toEqual(recorded.indicators.adjclose![0].adjclose);
    expect(chart.splits).toEqual([{ time: 1626787800_000, numerator: 4, denominator: 1 }]);
    expect(chart.exchangeTimezone).toBe('America/New_York');
    expect(client.requestCount).toBe(1);

    const asked = replay.requests.slice(before);
    expect(asked).toHaveLength(1);
    expect(asked[0].path).toBe('/v8/finance/chart/NVDA');
    expect(asked[0].query).toMatchObject({
      interval: '1d',
      events: 'div|split',
      period1: String(day('2021-02-01') / 1000),
      period2: String(day('2022-01-31') / 1000),
    });
    // Nothing reaches the console; the Node 20 vs 22 runtime warning is logged at debug level.
    expect(lines.filter((l) => l.level !== 'debug')).toEqual([]);
    if (Number(process.versions.node.split('.')[0]) < 22) {
      expect(lines.some((l) => l.level === 'debug' && /Unsupported environment/.test(l.message))).toBe(true);
    }
  });

  it('turns a weekend chart (no timestamp, quote [{}]) into an empty chart', async () => {
    const client = createYahooClient({ baseUrl: replay.url, minIntervalMs: 0 });
    const chart = await client.chart('AAPL', {
      period1: day('2025-02-01'),
      period2: day('2025-02-02'),
      interval: '1m',
      events: [],
    });
    expect(chart.times).toEqual([]);
    expect(chart.close).toEqual([]);
  });

  it('reads recorded news from search', async () => {
    const client = createYahooClient({ baseUrl: replay.url, minIntervalMs: 0 });
    const result = await client.search('AAPL', { newsCount: 4 });
    expect(result.news).toHaveLength(4);
    expect(result.news[0].uuid).toMatch(/\w/);
    expect(result.news.every((n) => n.publishedAt >= Date.parse('2025-02-25T00:20:00Z'))).toBe(true);
  });

  it('names the ticker when Yahoo does not know it (404)', async () => {
    const client = createYahooClient({ baseUrl: replay.url, minIntervalMs: 0 });
    const failure = await client
      .chart('ZZZZ', { period1: day('2024-01-02'), period2: day('2024-01-03'), interval: '1d', events: [] })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(YahooRequestError);
    expect((failure as YahooRequestError).status).toBe(404);
    expect((failure as Error).message).toMatch(/ZZZZ.*not found.*No data found/);
  });

  it('passes a fault status on with the ticker and the status', async () => {
    const client = createYahooClient({ baseUrl: replay.url, minIntervalMs: 0 });
    replay.setFaults([{ match: '/chart/MSFT', times: 1, fault: { type: 'status', status: 503 } }]);
    const query = {
      period1: day('2021-02-01'),
      period2: day('2022-01-31'),
      interval: '1d',
      events: [],
    } as const;
    await expect(client.chart('MSFT', { ...query, events: [] })).rejects.toThrow(
      /chart 1d .* for MSFT failed: HTTP 503/,
    );
    // The fault was for one request only: the next one gets the recording.
    expect((await client.chart('MSFT', { ...query, events: [] })).times).toHaveLength(252);
  });

  it('stops a request in flight when the signal aborts', async () => {
    const controller = new AbortController();
    const client = createYahooClient({ baseUrl: replay.url, minIntervalMs: 0, signal: controller.signal });
    replay.setFaults([{ match: '/chart/QQQ', fault: { type: 'delay', ms: 5_000 } }]);
    const pending = client.chart('QQQ', {
      period1: day('2020-01-01'),
      period2: day('2020-01-03'),
      interval: '1d',
      events: [],
    });
    setTimeout(() => controller.abort(new Error('cancelled by test')), 50);
    const started = Date.now();
    await expect(pending).rejects.toThrow('cancelled by test');
    expect(Date.now() - started).toBeLessThan(2_000);
    replay.setFaults([]);
  });

  it('reports an unreachable base URL with the setting to check', async () => {
    const client = createYahooClient({ baseUrl: 'http://127.0.0.1:9', minIntervalMs: 0 });
    await expect(
      client.chart('AAPL', {
        period1: day('2024-01-02'),
        period2: day('2024-01-03'),
        interval: '1d',
        events: [],
      }),
    ).rejects.toThrow(/AAPL: could not reach http:\/\/127\.0\.0\.1:9 .*yahooUrl/);
  });
});
