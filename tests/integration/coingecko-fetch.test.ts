import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CoinGeckoFetchSummary, Job, LabEvent } from '../../src/shared/contract/index.js';
import type { Lab } from '../../src/core/lab.js';
import type { Logger } from '../../src/core/platform/logger.js';
import { startCoinGeckoReplay, type CoinGeckoReplay } from '../helpers/coingecko-replay/coingecko-replay.js';
import { loadMarkets, loadTrending } from '../helpers/coingecko-replay/recordings.js';
import { openTestLab, waitForJobEnd } from '../helpers/lab-harness.js';

// Runs the fetch-coingecko job in real job hosts (compiled to out/node: `npm run build:node` first)
// against the replay of CoinGecko's recorded answers.
const KEY = 'test-key-cg-7f3a91d2e5';

let replay: CoinGeckoReplay;
let lab: Lab;
let dataDir: string;
let events: LabEvent[];
let logged: string[];
let stderr: string[];

beforeAll(async () => {
  replay = await startCoinGeckoReplay();
});
afterAll(async () => {
  await replay.close();
});
beforeEach(async () => {
  replay.requests.length = 0;
  replay.setFaults([]);
  logged = [];
  stderr = [];
  // Job hosts write their failures to stderr: capture it to check no key reaches a log.
  const write = process.stderr.write.bind(process.stderr);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    stderr.push(String(chunk));
    return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
  });
  const capture: Logger = {
    info: (m, f) => logged.push(`${m} ${JSON.stringify(f ?? {})}`),
    warn: (m, f) => logged.push(`${m} ${JSON.stringify(f ?? {})}`),
    error: (m, f) => logged.push(`${m} ${JSON.stringify(f ?? {})}`),
  };
  ({ lab, dataDir, events } = await openTestLab(undefined, undefined, {
    env: { TRADELAB_COINGECKO_URL: replay.url, COINGECKO_API_KEY: KEY },
    logger: capture,
  }));
});
afterEach(async () => {
  await lab.close();
  vi.restoreAllMocks();
});

async function fetchAndWait(input: Parameters<Lab['startFetchCoinGecko']>[0]): Promise<Job> {
  const { jobId } = await lab.startFetchCoinGecko(input);
  return waitForJobEnd(lab, jobId);
}

describe('fetch-coingecko job', () => {
  it('stores a markets snapshot over pages and a trending snapshot with the recorded values', async () => {
    const job = await fetchAndWait({ what: ['markets', 'trending'], perPage: 100, pages: 3 });
    expect(job.error).toBeNull();
    expect(job.status).toBe('done');
    const summary = job.summary as CoinGeckoFetchSummary;
    expect(summary.requests).toBe(4);
    expect(summary.snapshots.map((s) => [s.kind, s.items])).toEqual([
      ['markets', 250],
      ['trending', 15],
    ]);
    expect(replay.requests.map((r) => `${r.path} ${r.query.per_page ?? ''}/${r.query.page ?? ''}`)).toEqual([
      '/api/v3/coins/markets 100/1',
      '/api/v3/coins/markets 100/2',
      '/api/v3/coins/markets 100/3',
      '/api/v3/search/trending /',
    ]);
    expect(replay.requests[0].query).toMatchObject({ vs_currency: 'usd', order: 'market_cap_desc' });

    const [markets, trending] = await lab.getCoinGeckoSnapshots({});
    expect(markets.kind).toBe('markets');
    expect(markets.sourceTime).toBe('2023-07-28T20:03:30.055Z');
    expect(Date.parse(markets.takenAt)).toBeGreaterThanOrEqual(Date.parse(job.startedAt!));
    expect(Date.parse(markets.takenAt)).toBeLessThanOrEqual(Date.parse(job.endedAt!));
    const recorded = loadMarkets('dashbrd');
    expect(markets.items).toHaveLength(recorded.length);
    for (const coin of recorded)
      expect(markets.items.find((i) => i.id === coin.id)).toEqual({
        rank: coin.market_cap_rank,
        id: coin.id,
        symbol: coin.symbol,
        name: coin.name,
        marketCapRank: coin.market_cap_rank,
        priceUsd: coin.current_price,
        marketCapUsd: coin.market_cap,
        volume24hUsd: coin.total_volume,
      });

    expect(trending.kind).toBe('trending');
    expect(trending.sourceTime).toBeNull();
    const coins = loadTrending().coins;
    expect(trending.items.map((i) => [i.rank, i.id, i.marketCapRank, i.priceUsd])).toEqual(
      coins.map(({ item }, i) => [i + 1, item.id, item.market_cap_rank, item.data?.price]),
    );
    expect(trending.items[4]).toMatchObject({
      id: 'bitcoin',
      marketCapUsd: 1525034530242,
      volume24hUsd: 71123989677,
    });
  });

  it('answers "what was known at t" with the latest snapshot of each kind taken by then', async () => {
    const first = await fetchAndWait({ what: ['markets', 'trending'], perPage: 50, pages: 1 });
    const second = await fetchAndWait({ what: ['trending'] });
    const [firstMarkets, firstTrending] = (first.summary as CoinGeckoFetchSummary).snapshots.map((s) => s.id);
    const [secondTrending] = (second.summary as CoinGeckoFetchSummary).snapshots.map((s) => s.id);
    expect(secondTrending).toBeGreaterThan(firstTrending);

    const latest = await lab.getCoinGeckoSnapshots({});
    expect(latest.map((s) => [s.kind, s.id])).toEqual([
      ['markets', firstMarkets],
      ['trending', secondTrending],
    ]);
    const secondTakenAt = latest[1].takenAt;
    const firstTakenAt = (await lab.getCoinGeckoSnapshots({ kind: 'trending', at: first.endedAt! }))[0]
      .takenAt;
    expect(Date.parse(secondTakenAt)).toBeGreaterThan(Date.parse(firstTakenAt));

    const atFirst = await lab.getCoinGeckoSnapshots({ at: firstTakenAt });
    expect(atFirst.map((s) => [s.kind, s.id])).toEqual([
      ['markets', firstMarkets],
      ['trending', firstTrending],
    ]);
    const justBeforeSecond = new Date(Date.parse(secondTakenAt) - 1).toISOString();
    expect((await lab.getCoinGeckoSnapshots({ kind: 'trending', at: justBeforeSecond }))[0].id).toBe(
      firstTrending,
    );
    expect((await lab.getCoinGeckoSnapshots({ kind: 'trending', at: secondTakenAt }))[0].id).toBe(
      secondTrending,
    );
    const beforeAny = new Date(Date.parse(atFirst[0].takenAt) - 1).toISOString();
    expect(await lab.getCoinGeckoSnapshots({ at: beforeAny })).toEqual([]);
    expect(atFirst[0].items).toHaveLength(50);
  });

  it('sends the key in its header only; the key is nowhere in the database, the jobs or the logs', async () => {
    replay.setFaults([{ match: '/search/trending', fault: { type: 'status', status: 401 } }]);
    const ok = await fetchAndWait({ what: ['markets'], perPage: 10 });
    const failed = await fetchAndWait({ what: ['trending'] });
    expect([ok.status, failed.status]).toEqual(['done', 'failed']);
    for (const request of replay.requests) {
      expect(request.headers['x-cg-demo-api-key']).toBe(KEY);
      expect(JSON.stringify(request.query)).not.toContain(KEY);
    }
    const jobs = await lab.listJobs({});
    const jobRows = JSON.stringify(await Promise.all(jobs.map((j) => lab.getJob({ jobId: j.id }))));
    await lab.close();
    const files = fs.readdirSync(dataDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(files.length).toBeGreaterThan(0);
    for (const file of files)
      expect(fs.readFileSync(path.join(file.parentPath, file.name)).includes(KEY), file.name).toBe(false);
    expect(jobRows).toContain('Invalid API Key');
    expect(jobRows).not.toContain(KEY);
    expect(JSON.stringify(events)).not.toContain(KEY);
    expect(logged.join('\n')).not.toContain(KEY);
    // The job host's failure log is captured (so the check can fail), without the key.
    expect(stderr.join('')).toContain('job 2 failed');
    expect(stderr.join('')).not.toContain(KEY);
    ({ lab } = await openTestLab(dataDir)); // afterEach closes it
  });

  it('waits out a 429 for its Retry-After, then stores the snapshot', async () => {
    replay.setFaults([
      { match: '/search/trending', fault: { type: 'status', status: 429, retryAfter: '1' } },
    ]);
    const job = await fetchAndWait({ what: ['trending'] });
    expect(job.status).toBe('done');
    expect(replay.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(replay.requests[1].receivedAt - replay.requests[0].receivedAt).toBeGreaterThanOrEqual(950);
    const summary = job.summary as CoinGeckoFetchSummary;
    expect(summary.requests).toBe(2);
    expect(summary.snapshots).toHaveLength(1);
    expect(summary.notes.join(' ')).toMatch(/1 request\(s\) were repeated/);
  });

  it('fails once and clearly on 401, naming COINGECKO_API_KEY and Settings, storing nothing', async () => {
    replay.setFaults([{ match: '/coins/markets', times: 5, fault: { type: 'status', status: 401 } }]);
    const job = await fetchAndWait({ what: ['markets', 'trending'] });
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/CoinGecko refused \/coins\/markets page 1 \(HTTP 401: Invalid API Key\)/);
    expect(job.error).toMatch(/COINGECKO_API_KEY.*Settings/);
    expect(replay.requests).toHaveLength(1);
    expect(await lab.getCoinGeckoSnapshots({})).toEqual([]);
  });

  it('fails on a malformed answer naming the endpoint, keeping snapshots already complete', async () => {
    replay.setFaults([{ match: '/search/trending', fault: { type: 'truncated' } }]);
    const job = await fetchAndWait({ what: ['markets', 'trending'], perPage: 20 });
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/CoinGecko \/search\/trending answered with text that is not JSON/);
    const stored = await lab.getCoinGeckoSnapshots({});
    expect(stored.map((s) => [s.kind, s.items.length])).toEqual([['markets', 20]]);
  });
});
