import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseKlineCsv } from '../../src/core/ingest/binance/kline-csv.js';
import { createBinanceRest, type BinanceRest } from '../../src/core/ingest/binance/rest/binance-client.js';
import {
  fetchFundingHistory,
  fetchOpenInterestHistory,
  fetchOpenInterestNow,
  fetchPremiumIndexNow,
} from '../../src/core/ingest/binance/rest/futures-rest.js';
import { fillKlinesFromRest } from '../../src/core/ingest/binance/rest/klines-fill.js';
import type { FetchWait } from '../../src/core/ingest/binance/rest/rate-limited-fetch.js';
import { BinanceRestError } from '../../src/core/ingest/binance/rest/rest-errors.js';
import { CORE_COLUMNS, EXTRA_COLUMNS, type BarColumns } from '../../src/core/store/bar-columns.js';
import { BarStore } from '../../src/core/store/bar-store.js';
import { readFundingRates, readFuturesMetrics, readPremiumIndex } from '../../src/core/store/futures-data.js';
import { findInstrument } from '../../src/core/store/instruments.js';
import { migrate } from '../../src/core/store/migrate.js';
import { dataPath } from '../helpers/paths.js';
import { startRestReplay, type RestReplay } from '../helpers/rest-replay/rest-replay.js';

const HOUR = 3_600_000;
const SPOT_1H = dataPath('binance/spot/monthly/klines-csv/BTCUSDT/1h');
const UM_5M = dataPath('binance/futures/um/monthly/klines-csv/BTCUSDT/5m/BTCUSDT-5m-2022-04.csv');
const FUNDING_CSV = dataPath('binance/futures/um/rest-derived/funding/BTCUSDT.csv');
const OI_4H_CSV = dataPath('binance/futures/um/rest-derived/oi_4h/BTCUSDT.csv');
const LATER = Date.parse('2026-06-01T00:00:00Z');

let replay: RestReplay;
let db: Db;
let waits: FetchWait[];

beforeAll(async () => {
  replay = await startRestReplay();
});
afterAll(async () => {
  await replay.close();
});
beforeEach(() => {
  db = new Database(':memory:');
  migrate(db);
  replay.requests.length = 0;
  replay.setFaults([]);
  waits = [];
});
afterEach(() => db.close());

function client(overrides: Partial<Parameters<typeof createBinanceRest>[0]> = {}): BinanceRest {
  return createBinanceRest({
    restUrl: replay.url,
    restFuturesUrl: replay.url,
    rateLimitMs: 1,
    onWait: (w) => waits.push(w),
    transport: { backoff: { baseMs: 20, maxMs: 100 } },
    ...overrides,
  });
}

function csvBars(...files: string[]): BarColumns {
  const parts = files.map((f) => parseKlineCsv(fs.readFileSync(f)));
  const out = {} as BarColumns;
  for (const name of [...CORE_COLUMNS, ...EXTRA_COLUMNS]) {
    out[name] = Float64Array.from(parts.flatMap((p) => Array.from(p[name]!)));
  }
  return out;
}

function storedBars(symbol: string, market: 'crypto-spot' | 'crypto-perp', interval: string): BarColumns {
  const instrument = findInstrument(db, { symbol, venue: 'binance', market });
  if (!instrument) throw new Error(`no instrument ${symbol}`);
  return new BarStore(db).readBars({ instrumentId: instrument.id, interval });
}

function expectSameBars(actual: BarColumns, expected: BarColumns): void {
  expect(actual.time.length).toBe(expected.time.length);
  for (const name of [...CORE_COLUMNS, ...EXTRA_COLUMNS]) {
    expect(actual[name], name).toBeDefined();
    expect(Array.from(actual[name]!), name).toEqual(Array.from(expected[name]!));
  }
}

function perpId(symbol: string): number {
  return findInstrument(db, { symbol, venue: 'binance', market: 'crypto-perp' })!.id;
}

describe('REST client on the replay', () => {
  it('returns all ten kline columns exactly as the archive has them', async () => {
    const start = Date.parse('2023-01-01T00:00:00Z');
    const bars = await client().klines({
      market: 'spot',
      symbol: 'BTCUSDT',
      interval: '1h',
      startTime: start,
      limit: 5,
    });
    const source = csvBars(`${SPOT_1H}/BTCUSDT-1h-2023-01.csv`);
    const firstFive = Object.fromEntries(
      Object.entries(source).map(([k, v]) => [k, (v as Float64Array).subarray(0, 5)]),
    ) as unknown as BarColumns;
    expectSameBars(bars, firstFive);
    expect(replay.requests).toEqual([
      expect.objectContaining({
        path: '/api/v3/klines',
        query: { symbol: 'BTCUSDT', interval: '1h', startTime: String(start), limit: '5' },
        status: 200,
      }),
    ]);
  });

  it('names the symbol and the market when Binance does not list it', async () => {
    const err = await client()
      .klines({ market: 'um', symbol: 'XYZUSDT', interval: '1h', startTime: 0 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BinanceRestError);
    expect((err as BinanceRestError).failure).toBe('unknown-symbol');
    expect((err as Error).message).toMatch(
      /^Binance does not list XYZUSDT on USD-M futures \(GET \/fapi\/v1\/klines\)/,
    );
  });

  it('reports a refused parameter with the endpoint', async () => {
    const err = await client()
      .openInterestHistory('BTCUSDT', '3m' as never)
      .catch((e: unknown) => e);
    expect((err as BinanceRestError).failure).toBe('refused');
    expect((err as Error).message).toContain('GET /futures/data/openInterestHist for BTCUSDT');
    expect((err as Error).message).toContain("parameter 'period'");
  });
  it('says the REST URL is wrong when the server has no Binance API at that path', async () => {
    const wrong = client({
      restUrl: `${replay.url}/not-binance`,
      restFuturesUrl: `${replay.url}/not-binance`,
    });
    const err = await wrong.tickers24h().catch((e: unknown) => e);
    expect((err as BinanceRestError).failure).toBe('unavailable');
    expect((err as Error).message).toBe(
      "GET /fapi/v1/ticker/24hr: the server answered 404 Not Found. Check the Binance REST URL in Settings: it does not serve Binance's API at that path.",
    );
  });

  it('gives up on an unreachable server after its attempts, naming the host', async () => {
    const unreachable = `http://127.0.0.1:9`;
    const rest = client({
      restUrl: unreachable,
      restFuturesUrl: unreachable,
      transport: { maxAttempts: 2, backoff: { baseMs: 5 } },
    });
    const err = await rest.perpetuals().catch((e: unknown) => e);
    expect((err as BinanceRestError).failure).toBe('unavailable');
    expect((err as Error).message).toMatch(
      /^GET \/fapi\/v1\/exchangeInfo: GET 127\.0\.0\.1:9\/fapi\/v1\/exchangeInfo failed 2 times, last with network error \(.+\)\. Check the network connection and the Binance REST URL in Settings\.$/,
    );
  });
});

describe('fillKlinesFromRest', () => {
  it('stores exactly the replayed spot bars of a range in pages of 1000, then asks at most once more', async () => {
    const rest = client();
    const fromMs = Date.parse('2021-01-01T00:00:00Z');
    const toMs = Date.parse('2021-03-01T00:00:00Z');
    const pages: { bars: number; lastTime: number }[] = [];
    const first = await fillKlinesFromRest(db, rest, {
      symbol: 'BTCUSDT',
      market: 'spot',
      interval: '1h',
      fromMs,
      toMs,
      now: LATER,
      onPage: (p) => pages.push(p),
    });
    const expected = csvBars(`${SPOT_1H}/BTCUSDT-1h-2021-01.csv`, `${SPOT_1H}/BTCUSDT-1h-2021-02.csv`);
    expect(first).toEqual({ bars: 744 + 671, requests: 2 });
    expect(pages.map((p) => p.bars)).toEqual([1000, 415]);
    expectSameBars(storedBars('BTCUSDT', 'crypto-spot', '1h'), expected);
    expect(replay.requests.map((r) => r.query.limit)).toEqual(['1000', '1000']);
    expect(replay.requests.every((r) => r.query.endTime === String(toMs - 1))).toBe(true);

    replay.requests.length = 0;
    const second = await fillKlinesFromRest(db, rest, {
      symbol: 'BTCUSDT',
      market: 'spot',
      interval: '1h',
      fromMs,
      toMs,
      now: LATER,
    });
    expect(second.bars).toBe(0);
    // The last stored bar opens at 23:00 on Feb 28; the next one would open at toMs: nothing to ask.
    expect(replay.requests).toHaveLength(0);
    expect(second.requests).toBe(0);
  });

  it('continues after the last stored bar without asking for stored ones again', async () => {
    const rest = client();
    const fromMs = Date.parse('2021-01-01T00:00:00Z');
    await fillKlinesFromRest(db, rest, {
      symbol: 'BTCUSDT',
      market: 'spot',
      interval: '1h',
      fromMs,
      toMs: Date.parse('2021-01-15T00:00:00Z'),
      now: LATER,
    });
    const lastStored = storedBars('BTCUSDT', 'crypto-spot', '1h').time.at(-1)!;
    replay.requests.length = 0;
    const toMs = Date.parse('2021-02-01T00:00:00Z');
    const result = await fillKlinesFromRest(db, rest, {
      symbol: 'BTCUSDT',
      market: 'spot',
      interval: '1h',
      fromMs,
      toMs,
      now: LATER,
    });
    expect(replay.requests.map((r) => Number(r.query.startTime))).toEqual([lastStored + 1]);
    expect(result.bars).toBe(17 * 24);
    expectSameBars(storedBars('BTCUSDT', 'crypto-spot', '1h'), csvBars(`${SPOT_1H}/BTCUSDT-1h-2021-01.csv`));
  });

  it('pages USD-M klines by 1500 and stores the month exactly', async () => {
    const result = await fillKlinesFromRest(db, client(), {
      symbol: 'BTCUSDT',
      market: 'um',
      interval: '5m',
      fromMs: Date.parse('2022-04-01T00:00:00Z'),
      toMs: Date.parse('2022-05-01T00:00:00Z'),
      now: LATER,
    });
    expect(result).toEqual({ bars: 8640, requests: 6 });
    expect(
      replay.requests.every(
        (r) => r.path === '/fapi/v1/klines' && r.query.limit === '1500' && r.weight === 10,
      ),
    ).toBe(true);
    expectSameBars(storedBars('BTCUSDT', 'crypto-perp', '5m'), csvBars(UM_5M));
  });

  it('never stores the still-open candle and stops at toMs', async () => {
    const rest = client();
    const fromMs = Date.parse('2023-02-01T00:00:00Z');
    // 10:30: the 10:00 candle closes at 10:59:59.999, after now.
    const now = Date.parse('2023-02-03T10:30:00Z');
    const result = await fillKlinesFromRest(db, rest, {
      symbol: 'BTCUSDT',
      market: 'spot',
      interval: '1h',
      fromMs,
      toMs: LATER,
      now,
    });
    expect(result.bars).toBe(2 * 24 + 10);
    const stored = storedBars('BTCUSDT', 'crypto-spot', '1h');
    expect(stored.time.at(-1)).toBe(Date.parse('2023-02-03T09:00:00Z'));

    // Same clock: the next candle cannot have closed, so nothing is asked.
    replay.requests.length = 0;
    expect(
      await fillKlinesFromRest(db, rest, {
        symbol: 'BTCUSDT',
        market: 'spot',
        interval: '1h',
        fromMs,
        toMs: LATER,
        now,
      }),
    ).toEqual({
      bars: 0,
      requests: 0,
    });
    expect(replay.requests).toHaveLength(0);

    const toMs = Date.parse('2023-02-03T15:00:00Z');
    const later = await fillKlinesFromRest(db, rest, {
      symbol: 'BTCUSDT',
      market: 'spot',
      interval: '1h',
      fromMs,
      toMs,
      now: Date.parse('2023-03-01T00:00:00Z'),
    });
    expect(later.bars).toBe(5);
    expect(storedBars('BTCUSDT', 'crypto-spot', '1h').time.at(-1)).toBe(toMs - HOUR);
  });

  it('rides out 503s and a 429 with Retry-After, reporting each wait', async () => {
    replay.setFaults([
      { match: '/api/v3/klines', times: 2, fault: { type: 'status', status: 503 } },
      { match: '/api/v3/klines', times: 1, fault: { type: 'status', status: 429, retryAfter: 1 } },
    ]);
    const started = Date.now();
    const result = await fillKlinesFromRest(db, client(), {
      symbol: 'BTCUSDT',
      market: 'spot',
      interval: '1h',
      fromMs: Date.parse('2022-02-01T00:00:00Z'),
      toMs: Date.parse('2022-03-01T00:00:00Z'),
      now: LATER,
    });
    expect(result.bars).toBe(672);
    expect(replay.requests.map((r) => r.status)).toEqual([503, 503, 429, 200]);
    expect(waits.map((w) => w.reason)).toEqual([
      'server error (HTTP 503)',
      'server error (HTTP 503)',
      'rate limit (HTTP 429)',
    ]);
    expect(waits[2].delayMs).toBeGreaterThan(900);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('under a small weight budget pauses for the next window instead of drawing 429s', async () => {
    // Pages of 1500 weigh 10: the transport pauses once 50 > 80% of 50 is used, and the replay
    // (which enforces the same budget over the same one-second windows) never has to refuse one.
    const budget = await startRestReplay({ weightLimits: { um: 50 }, windowMs: 1000 });
    try {
      const rest = createBinanceRest({
        restUrl: budget.url,
        restFuturesUrl: budget.url,
        rateLimitMs: 1,
        onWait: (w) => waits.push(w),
        transport: { futuresWeightLimit: 50, windowMs: 1000 },
      });
      const result = await fillKlinesFromRest(db, rest, {
        symbol: 'BTCUSDT',
        market: 'um',
        interval: '5m',
        fromMs: Date.parse('2022-04-01T00:00:00Z'),
        toMs: Date.parse('2022-05-01T00:00:00Z'),
        now: LATER,
      });
      expect(result.bars).toBe(8640);
      expect(budget.requests.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
      expect(waits.some((w) => w.reason.startsWith('rate limit (50 of 50 weight'))).toBe(true);
    } finally {
      await budget.close();
    }
  });
});

describe('futures data over REST', () => {
  const funding = fs
    .readFileSync(FUNDING_CSV, 'utf8')
    .split('\n')
    .filter((l) => /^\d/.test(l))
    .map((l) => l.split(','));

  it('stores funding history with Binance’s exact funding times, then only asks for newer rows', async () => {
    const rest = client();
    const request = {
      symbol: 'BTCUSDT',
      fromMs: Date.parse('2026-01-01T00:00:00Z'),
      toMs: Date.parse('2026-04-01T00:00:00Z'),
      now: Date.parse('2026-03-21T00:00:00Z'),
    };
    const result = await fetchFundingHistory(db, rest, request);
    expect(result).toEqual({ rows: funding.length, notes: [] });
    const stored = readFundingRates(db, perpId('BTCUSDT'));
    expect(stored.map((r) => [r.time, r.rate])).toEqual(
      funding.map(([t, , rate]) => [Number(t), Number(rate)]),
    );
    expect(stored.some((r) => r.time === 1768262400007)).toBe(true);
    expect(stored[0]).toMatchObject({ markPrice: null, intervalHours: null, source: 'binance-rest' });

    replay.requests.length = 0;
    expect(await fetchFundingHistory(db, rest, request)).toEqual({ rows: 0, notes: [] });
    expect(replay.requests.map((r) => Number(r.query.startTime))).toEqual([Number(funding.at(-1)![0]) + 1]);
  });

  it('says when a symbol has no funding in the range', async () => {
    const result = await fetchFundingHistory(db, client(), {
      symbol: 'BTCUSDT',
      fromMs: Date.parse('2025-01-01T00:00:00Z'),
      toMs: Date.parse('2025-02-01T00:00:00Z'),
      now: LATER,
    });
    expect(result.rows).toBe(0);
    expect(result.notes[0]).toContain('Binance has no funding rates between 2025-01-01');
  });

  it('clamps open-interest history to the last 30 days and says so', async () => {
    const now = Date.parse('2026-03-25T00:00:00Z');
    const result = await fetchOpenInterestHistory(db, client(), {
      symbol: 'BTCUSDT',
      period: '4h',
      fromMs: Date.parse('2026-01-01T00:00:00Z'),
      toMs: now,
      now,
    });
    const earliest = Date.parse('2026-02-23T04:00:00Z');
    const expected = fs
      .readFileSync(OI_4H_CSV, 'utf8')
      .split('\n')
      .filter((l) => /^\d/.test(l))
      .map((l) => l.split(','))
      .filter(([t]) => Number(t) >= earliest);
    expect(result.rows).toBe(expected.length);
    expect(result.notes).toEqual([
      'BTCUSDT open interest (4h): Binance keeps only the last 30 days, so history starts at 2026-02-23T04:00:00.000Z instead of 2026-01-01T00:00:00.000Z.',
    ]);
    const stored = readFuturesMetrics(db, perpId('BTCUSDT'), '4h');
    expect(stored.map((r) => [r.time, r.openInterest, r.openInterestValue])).toEqual(
      expected.map(([t, , oi, value]) => [Number(t), Number(oi), Number(value)]),
    );
    expect(replay.requests.every((r) => Number(r.query.startTime) >= earliest)).toBe(true);
  });

  it('stores the current open interest as a snapshot and the premium index (docs-example recordings)', async () => {
    const rest = client();
    const now = Date.parse('2026-03-25T00:00:00Z');
    expect(await fetchOpenInterestNow(db, rest, { symbol: 'BTCUSDT', now })).toEqual({ rows: 1, notes: [] });
    expect(await fetchPremiumIndexNow(db, rest, { symbol: 'BTCUSDT', now })).toEqual({ rows: 1, notes: [] });
    const id = perpId('BTCUSDT');
    expect(readFuturesMetrics(db, id, 'snapshot')).toEqual([
      expect.objectContaining({ time: 1589437530011, openInterest: 10659.509, openInterestValue: null }),
    ]);
    expect(readPremiumIndex(db, id)).toEqual([
      {
        time: 1597370495002,
        markPrice: 11793.63104562,
        indexPrice: 11781.8049597,
        lastFundingRate: 0.00038246,
        nextFundingTime: 1597392000000,
        interestRate: 0.0001,
      },
    ]);
  });

  it('lists USD-M contracts and 24h tickers as plain data', async () => {
    const rest = client();
    const contracts = await rest.perpetuals();
    expect(contracts).toContainEqual({
      symbol: 'SRMUSDT',
      status: 'SETTLING',
      quoteAsset: 'USDT',
      contractType: 'PERPETUAL',
    });
    const tickers = await rest.tickers24h();
    expect(tickers.map((t) => t.symbol).sort()).toEqual(['AVAXUSDT', 'BTCUSDT', 'LINKUSDT']);
    for (const t of tickers) {
      expect(t.quoteVolume).toBeGreaterThan(0);
      expect(t.lastPrice).toBeGreaterThan(0);
    }
    // BTCUSDT's ticker is derived from its most recent real bars: the REST-derived 1h series ending 2026-03-19.
    const btc = tickers.find((t) => t.symbol === 'BTCUSDT')!;
    const hours = fs
      .readFileSync(dataPath('binance/futures/um/rest-derived/1h/BTCUSDT.csv'), 'utf8')
      .split('\n')
      .filter((l) => /^\d/.test(l))
      .map((l) => l.split(','));
    expect(btc.lastPrice).toBe(Number(hours.at(-1)![4]));
    const dayVolume = hours.slice(-24).reduce((sum, f) => sum + Number(f[6]), 0);
    expect(btc.quoteVolume).toBeCloseTo(dayVolume, 2);
  });
});
