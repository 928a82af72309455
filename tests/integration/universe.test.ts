import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JobCancelled } from '../../src/core/jobs/job-context.js';
import { migrate } from '../../src/core/store/migrate.js';
import { listUniverseSnapshots, universeAt } from '../../src/core/store/universe-repo.js';
import { runRefreshUniverseJob } from '../../src/core/universe/refresh-universe-job.js';
import { testJobContext } from '../helpers/job-context.js';
import { startRestReplay, type RestReplay } from '../helpers/rest-replay/rest-replay.js';

const NOW = Date.parse('2026-03-20T00:00:00Z');

let replay: RestReplay;
let db: Db;
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
});
afterEach(() => db.close());

const testContext = (now = NOW) => testJobContext({ db, now });

/** The replay's own answers, read without the lab's code, to check the selection against. */
async function replayTickers(): Promise<{ symbol: string; quoteVolume: string; lastPrice: string }[]> {
  return (await (await fetch(`${replay.url}/fapi/v1/ticker/24hr`)).json()) as {
    symbol: string;
    quoteVolume: string;
    lastPrice: string;
  }[];
}

describe('refresh-universe job against the replay', () => {
  const endpoints = () => ({ restUrl: replay.url, restFuturesUrl: replay.url });

  it('selects trading USDT perpetuals by 24h quote volume and stores a point-in-time snapshot', async () => {
    const { ctx, progress, issues } = testContext();
    const summary = await runRefreshUniverseJob(
      { fetchN: 10, selectN: 2, minQuoteVolume: 0, endpoints: endpoints() },
      ctx,
    );
    expect(summary).toEqual({
      snapshotId: 1,
      candidates: 5,
      selected: 2,
      takenAt: '2026-03-20T00:00:00.000Z',
    });
    expect(issues).toEqual([]);
    expect(replay.requests.map((r) => r.path)).toEqual(['/fapi/v1/exchangeInfo', '/fapi/v1/ticker/24hr']);

    const expected = (await replayTickers())
      .sort((a, b) => Number(b.quoteVolume) - Number(a.quoteVolume))
      .slice(0, 2)
      .map((t, i) => ({
        rank: i + 1,
        symbol: t.symbol,
        quoteVolume: Number(t.quoteVolume),
        lastPrice: Number(t.lastPrice),
      }));
    expect(universeAt(db, NOW)).toEqual({
      id: 1,
      takenAt: '2026-03-20T00:00:00.000Z',
      fetchN: 10,
      selectN: 2,
      minQuoteVolume: 0,
      candidates: 5,
      members: expected,
    });
    expect(universeAt(db, NOW - 1)).toBeNull();
    expect(progress.at(-1)).toMatchObject({
      done: 3,
      total: 3,
      unit: 'steps',
      message: 'selected 2 of 5 perpetuals',
    });
  });

  it('keeps earlier snapshots as they were when a later one differs', async () => {
    await runRefreshUniverseJob(
      { fetchN: 10, selectN: 3, minQuoteVolume: 0, endpoints: endpoints() },
      testContext(NOW).ctx,
    );
    const later = NOW + 86_400_000;
    const floor = Math.max(...(await replayTickers()).map((t) => Number(t.quoteVolume)));
    await runRefreshUniverseJob(
      { fetchN: 10, selectN: 3, minQuoteVolume: floor, endpoints: endpoints() },
      testContext(later).ctx,
    );
    expect(universeAt(db, NOW)?.members).toHaveLength(3);
    expect(universeAt(db, later)?.members).toHaveLength(1);
    expect(listUniverseSnapshots(db).map((s) => s.memberCount)).toEqual([1, 3]);
  });

  it('records an issue when nothing meets the volume floor, and still stores the (empty) snapshot', async () => {
    const { ctx, issues } = testContext();
    const summary = await runRefreshUniverseJob({ minQuoteVolume: 1e15, endpoints: endpoints() }, ctx);
    expect(summary).toMatchObject({ candidates: 5, selected: 0 });
    expect(issues).toEqual([
      { subject: 'universe', message: expect.stringContaining('none of the 5 USDT perpetuals') },
    ]);
    expect(universeAt(db, NOW)?.members).toEqual([]);
  });

  it('refuses parameters outside the contract before any request', async () => {
    await expect(
      runRefreshUniverseJob({ fetchN: 0, endpoints: endpoints() }, testContext().ctx),
    ).rejects.toThrow();
    expect(replay.requests).toEqual([]);
  });

  it('stops as cancelled while waiting out a rate limit, storing nothing', async () => {
    replay.setFaults([
      { match: '/fapi/v1/ticker/24hr', fault: { type: 'status', status: 429, retryAfter: 30 } },
    ]);
    const { ctx, controller, progress } = testContext();
    const pending = runRefreshUniverseJob({ endpoints: endpoints() }, ctx);
    await expect
      .poll(() =>
        progress.some((p) => p.message?.includes('reading 24h tickers: waiting 30 s: rate limit (HTTP 429)')),
      )
      .toBe(true);
    controller.abort(new Error('cancel requested'));
    await expect(pending).rejects.toBeInstanceOf(JobCancelled);
    expect(listUniverseSnapshots(db)).toEqual([]);
    replay.setFaults([]);
  });
});
