import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runExportFeaturesJob } from '../../src/core/features/export-features-job.js';
import { JobCancelled, JobFailure } from '../../src/core/jobs/job-context.js';
import { BarStore } from '../../src/core/store/bar-store.js';
import { upsertInstrument } from '../../src/core/store/instruments.js';
import { migrate } from '../../src/core/store/migrate.js';
import { testJobContext } from '../helpers/job-context.js';
import { tempDir } from '../helpers/paths.js';
import { loadBinanceSeries, loadStockMinutes } from '../helpers/real-series.js';

// A month of real BTCUSDT 1h (spot) and the Lean SPY minutes, stored as the importers store them.
const btc = loadBinanceSeries('BTCUSDT', '1h', { months: /2022-01/ });
const spy = loadStockMinutes('spy');

let db: Db;
let dir: string;
beforeEach(() => {
  db = new Database(':memory:');
  migrate(db);
  dir = tempDir('tradelab-export-');
  const store = new BarStore(db);
  const btcId = upsertInstrument(db, { symbol: 'BTCUSDT', venue: 'binance', market: 'crypto-spot' }, 0);
  store.writeBars({ instrumentId: btcId, interval: '1h', source: 'test', rawFileId: null, columns: btc });
  const spyId = upsertInstrument(db, { symbol: 'SPY', venue: 'us', market: 'stock' }, 0);
  store.writeBars({ instrumentId: spyId, interval: '1m', source: 'lean', rawFileId: null, columns: spy });
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('export-features job', () => {
  it('writes the CSV with progress per day chunk (rate and ETA) and a summary', async () => {
    let t = 0;
    const { ctx, progress } = testJobContext({ db, now: () => (t += 250) });
    const out = path.join(dir, 'btc.csv');
    const summary = await runExportFeaturesJob({ symbol: 'BTCUSDT', interval: '1h', out }, ctx);
    expect(summary).toMatchObject({ path: out, rows: btc.time.length, chunksCached: 0, chunksComputed: 31 });
    expect(summary.columns.slice(0, 7)).toEqual(['time', 'open', 'high', 'low', 'close', 'volume', 'sma_10']);
    expect(summary.featureSet.name).toBe('export');
    const days = progress.filter((p) => p.unit === 'days' && p.total === 31);
    expect(days.map((p) => p.done)).toEqual(expect.arrayContaining([1, 15, 31]));
    expect(days.at(-1)).toMatchObject({ done: 31, total: 31, etaSeconds: 0 });
    expect(days[5].rate).toBeGreaterThan(0);
    expect(days[5].etaSeconds).toBeGreaterThan(0);
    const lines = fs.readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(btc.time.length + 1);
    expect(
      lines[1].startsWith('2022-01-01T00:00:00.000Z,46216.93,46731.39,46208.37,46656.13,1503.33095,'),
    ).toBe(true);
    expect(fs.existsSync(`${out}.partial`)).toBe(false);
  });

  it('exports stock minutes (session VWAP, NaN cells empty before the open)', async () => {
    const { ctx } = testJobContext({ db });
    const out = path.join(dir, 'spy.csv');
    const summary = await runExportFeaturesJob({ symbol: 'SPY', interval: '1m', market: 'stock', out }, ctx);
    expect(summary.rows).toBe(spy.time.length);
    const [header, first] = fs.readFileSync(out, 'utf8').split('\n');
    const vwap = header.split(',').indexOf('vwap');
    // The first Lean minute is pre-market: no session VWAP yet, an empty cell.
    expect(first.split(',')[vwap]).toBe('');
  });

  it('stops between days on cancel, keeps the computed days cached and leaves no CSV', async () => {
    const out = path.join(dir, 'cancelled.csv');
    const { ctx } = testJobContext({ db, isCancelled: (p) => p.some((x) => x.done >= 10) });
    const error = await runExportFeaturesJob({ symbol: 'BTCUSDT', interval: '1h', out }, ctx).catch((e) => e);
    expect(error).toBeInstanceOf(JobCancelled);
    expect((error as JobCancelled).summary).toMatchObject({ chunksComputed: 10, rows: 0 });
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.existsSync(`${out}.partial`)).toBe(false);
    const again = await runExportFeaturesJob(
      { symbol: 'BTCUSDT', interval: '1h', out },
      testJobContext({ db }).ctx,
    );
    expect(again).toMatchObject({ chunksCached: 10, chunksComputed: 21 });
  });

  it('fails with a sentence naming what is stored, an unknown set, or a missing folder', async () => {
    const { ctx } = testJobContext({ db });
    const out = path.join(dir, 'x.csv');
    await expect(runExportFeaturesJob({ symbol: 'ETHUSDT', interval: '1h', out }, ctx)).rejects.toThrow(
      new JobFailure(
        'No stored bars of ETHUSDT 1h. Stored: BTCUSDT spot 1h (31 days), SPY stock 1m (7 days)',
      ),
    );
    await expect(
      runExportFeaturesJob({ symbol: 'BTCUSDT', interval: '1h', market: 'um', out }, ctx),
    ).rejects.toThrow('No stored bars of BTCUSDT 1h (um). Stored for BTCUSDT: spot 1h (31 days)');
    await expect(
      runExportFeaturesJob({ symbol: 'BTCUSDT', interval: '1h', featureSet: 'nope', out }, ctx),
    ).rejects.toThrow('Unknown feature set "nope" (known: export, observation)');
    await expect(
      runExportFeaturesJob({ symbol: 'BTCUSDT', interval: '1h', out: path.join(dir, 'no', 'x.csv') }, ctx),
    ).rejects.toThrow(`the folder ${path.join(dir, 'no')} does not exist`);
  });
});
