import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runFetchCoinGeckoJob } from '../../src/core/ingest/coingecko/fetch-coingecko-job.js';
import { JobCancelled, type JobContext } from '../../src/core/jobs/job-context.js';
import { readCoinGeckoSnapshots } from '../../src/core/store/coingecko-repo.js';
import { migrate } from '../../src/core/store/migrate.js';
import { startCoinGeckoReplay, type CoinGeckoReplay } from '../helpers/coingecko-replay/coingecko-replay.js';
import { testJobContext } from '../helpers/job-context.js';

// The job's own behaviour, run in-process on an in-memory store (no job host, no build needed).
const NOW = Date.parse('2026-01-05T12:00:00Z');

let replay: CoinGeckoReplay;
let db: Db;
beforeAll(async () => {
  replay = await startCoinGeckoReplay();
});
afterAll(async () => {
  await replay.close();
});
beforeEach(() => {
  db = new Database(':memory:');
  migrate(db);
  replay.requests.length = 0;
  replay.setFaults([]);
});
afterEach(() => db.close());

const testContext = (secrets: JobContext['secrets'] = { coingeckoApiKey: 'test-key-job-51ab' }) =>
  testJobContext({ db, now: NOW, secrets });

const params = (extra: Record<string, unknown> = {}) => ({
  endpoints: { coingeckoUrl: replay.url },
  ...extra,
});

describe('runFetchCoinGeckoJob', () => {
  it('reports progress per request and stamps snapshots with ctx.now()', async () => {
    const { ctx, progress } = testContext();
    const summary = await runFetchCoinGeckoJob(params({ perPage: 100, pages: 2 }), ctx);
    expect(summary.requests).toBe(3);
    const dones = progress.filter((p) => p.unit === 'requests').map((p) => [p.done, p.total]);
    expect(dones[0]).toEqual([0, 3]);
    expect(dones.at(-1)).toEqual([3, 3]);
    expect(progress.map((p) => p.message)).toContain('/coins/markets page 2 of 2');
    const stored = readCoinGeckoSnapshots(db, { at: NOW });
    expect(stored.map((s) => [s.kind, s.takenAt, s.items.length])).toEqual([
      ['markets', new Date(NOW).toISOString(), 200],
      ['trending', new Date(NOW).toISOString(), 15],
    ]);
    expect(readCoinGeckoSnapshots(db, { at: NOW - 1 })).toEqual([]);
  });

  it('stops paging at the end of the list, with a note', async () => {
    const { ctx, progress } = testContext();
    const summary = await runFetchCoinGeckoJob(params({ what: ['markets'], perPage: 100, pages: 5 }), ctx);
    expect(replay.requests.map((r) => r.query.page)).toEqual(['1', '2', '3']);
    expect(summary.snapshots).toEqual([{ kind: 'markets', id: 1, items: 250 }]);
    expect(summary.notes).toContain('CoinGecko listed 250 coins in all; pages 4–5 were not requested.');
    expect(progress.at(-1)).toMatchObject({ done: 5, total: 5 });
  });

  it('goes keyless without a key, saying so', async () => {
    const { ctx } = testContext({});
    const summary = await runFetchCoinGeckoJob(params({ what: ['trending'] }), ctx);
    expect(replay.requests[0].headers['x-cg-demo-api-key']).toBeUndefined();
    expect(summary.notes[0]).toMatch(/No CoinGecko API key: public access, throttled to 10 calls\/minute/);
  });

  it('refuses a currency other than USD before any request', async () => {
    const { ctx } = testContext();
    await expect(runFetchCoinGeckoJob(params({ vsCurrency: 'eur' }), ctx)).rejects.toThrow(
      /"eur" is not supported/,
    );
    expect(replay.requests).toHaveLength(0);
  });

  it('stops at once when cancelled during a rate-limit wait, with the summary so far', async () => {
    replay.setFaults([
      { match: '/search/trending', fault: { type: 'status', status: 429, retryAfter: '30' } },
    ]);
    const { ctx, progress, controller } = testContext();
    const started = Date.now();
    const run = runFetchCoinGeckoJob(params({ perPage: 10 }), ctx);
    while (!progress.some((p) => p.message?.startsWith('waiting 30 s before /search/trending')))
      await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort(new Error('cancelled'));
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobCancelled);
    expect((error as JobCancelled).summary).toMatchObject({
      requests: 2,
      snapshots: [{ kind: 'markets', items: 10 }],
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
