import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchSummary, Job, QualityReport, UniverseSnapshot } from '../../src/shared/contract/index.js';
import { parseKlineCsv } from '../../src/core/ingest/binance/kline-csv.js';
import { BarStore } from '../../src/core/store/bar-store.js';
import { readFundingRates } from '../../src/core/store/futures-data.js';
import { findInstrument } from '../../src/core/store/instruments.js';
import { openDatabase } from '../../src/core/store/open-database.js';
import { dataPath, tempDir } from '../helpers/paths.js';
import { startRestReplay, type RestReplay } from '../helpers/rest-replay/rest-replay.js';
import { lastJson, runCli } from '../helpers/run-cli.js';
import { startVisionReplay, type VisionReplay } from '../helpers/vision-replay/index.js';

// The issue's "done when", as a user types it: the built CLI against local replays of the real files.
const MONTHLY_1H = dataPath('binance/spot/monthly/klines-csv/BTCUSDT/1h');

let vision: VisionReplay;
let rest: RestReplay;
beforeAll(async () => {
  // February 2021 is not archived here, so the fetch must take January from Data Vision and the
  // first half of February over REST: the situation of every fetch that reaches up to today.
  vision = await startVisionReplay({ include: (key) => !key.includes('BTCUSDT-1h-2021-02') });
  rest = await startRestReplay();
});
afterAll(async () => {
  await vision?.close();
  await rest?.close();
});

describe('tradelab fetch binance (CLI) against replays of data.binance.vision and the REST API', () => {
  it('stores exactly the archived and REST bars, and a second run downloads nothing', async () => {
    const dataDir = tempDir();
    const args = [
      'fetch',
      'binance',
      '--symbols',
      'BTCUSDT',
      '--interval',
      '1h',
      '--from',
      '2021-01-01',
      '--to',
      '2021-02-15',
      '--json',
      '--data-dir',
      dataDir,
    ];
    const first = await runCli([...args, '--vision-url', vision.url, '--rest-url', rest.url]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const jan = parseKlineCsv(fs.readFileSync(path.join(MONTHLY_1H, 'BTCUSDT-1h-2021-01.csv')));
    const feb = parseKlineCsv(fs.readFileSync(path.join(MONTHLY_1H, 'BTCUSDT-1h-2021-02.csv')));
    const febHalf = Array.from(feb.time).filter((t) => t < Date.parse('2021-02-16T00:00:00Z')).length;
    const job = lastJson<Job>(first.stdout);
    const summary = job.summary as FetchSummary;
    expect(job.status).toBe('done');
    expect(summary).toMatchObject({
      filesPlanned: 1,
      filesDownloaded: 1,
      filesAbsent: 15,
      restRows: febHalf,
    });
    // One hour of the real February is missing on Binance too: REST gives what exists, no more.
    expect(febHalf).toBe(15 * 24 - 1);
    expect(job.issues.map((i) => i.message)).toEqual([
      expect.stringMatching(/no archive published for 2021-02-01..2021-02-15/),
    ]);

    const db = openDatabase(dataDir);
    try {
      const id = findInstrument(db, { symbol: 'BTCUSDT', venue: 'binance', market: 'crypto-spot' })!.id;
      const bars = new BarStore(db).readBars({ instrumentId: id, interval: '1h' });
      expect(Array.from(bars.time)).toEqual([
        ...Array.from(jan.time),
        ...Array.from(feb.time).slice(0, febHalf),
      ]);
      expect(Array.from(bars.close)).toEqual([
        ...Array.from(jan.close),
        ...Array.from(feb.close).slice(0, febHalf),
      ]);
      expect(Array.from(bars.takerBuyQuote!)).toEqual([
        ...Array.from(jan.takerBuyQuote!),
        ...Array.from(feb.takerBuyQuote!).slice(0, febHalf),
      ]);
    } finally {
      db.close();
    }

    // The fetch leaves a quality report behind for the Data page and `tradelab quality`.
    const quality = await runCli(['quality', '--json', '--data-dir', dataDir]);
    expect(quality.code).toBe(0);
    const [report] = lastJson<QualityReport[]>(quality.stdout);
    expect(report).toMatchObject({
      symbol: 'BTCUSDT',
      interval: '1h',
      bars: jan.time.length + febHalf,
      chronological: true,
      duplicates: 0,
      ohlcViolations: 0,
    });

    const visionGets = vision.requests.length;
    const restCalls = rest.requests.length;
    const second = await runCli([...args], {
      env: { TRADELAB_BINANCE_VISION_URL: vision.url, TRADELAB_BINANCE_REST_URL: rest.url },
    });
    expect(second.code).toBe(0);
    expect(lastJson<Job>(second.stdout).summary).toMatchObject({
      filesDownloaded: 0,
      filesCached: 1,
      bytesDownloaded: 0,
      restRows: 0,
    });
    expect(vision.requests.slice(visionGets).filter((r) => r.path.startsWith('/data/'))).toEqual([]);
    expect(rest.requests.length - restCalls).toBeLessThanOrEqual(1);
  });

  it('explains bad arguments without starting anything', async () => {
    const dataDir = tempDir();
    const bad = await runCli([
      'fetch',
      'binance',
      '--symbols',
      'BTCUSDT',
      '--interval',
      '1h',
      '--from',
      '2021-02-30',
      '--data-dir',
      dataDir,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--from: not a calendar date/);
    const reversed = await runCli([
      'fetch',
      'binance',
      '--symbols',
      'BTCUSDT',
      '--interval',
      '1h',
      '--from',
      '2021-03-01',
      '--to',
      '2021-02-01',
      '--data-dir',
      dataDir,
    ]);
    expect(reversed.stderr).toMatch(/"from" must not be after "to"/);
    const noSymbols = await runCli([
      'fetch',
      'binance',
      '--interval',
      '1h',
      '--from',
      '2021-03-01',
      '--data-dir',
      dataDir,
    ]);
    expect(noSymbols.stderr).toMatch(/give --symbols/);
  });

  it('fetch binance-futures stores the funding archive and REST funding, open interest and premium index', async () => {
    const dataDir = tempDir();
    const run = await runCli([
      'fetch',
      'binance-futures',
      '--symbols',
      'BTCUSDT',
      '--what',
      'funding,oi,premium',
      '--from',
      '2026-04-01',
      '--to',
      '2026-04-30',
      '--vision-url',
      vision.url,
      '--rest-url',
      rest.url,
      '--json',
      '--data-dir',
      dataDir,
    ]);
    expect(run.code).toBe(0);
    const job = lastJson<Job>(run.stdout);
    expect(job.summary).toMatchObject({ filesDownloaded: 1, filesRejected: 0 });
    const db = openDatabase(dataDir);
    try {
      const id = findInstrument(db, { symbol: 'BTCUSDT', venue: 'binance', market: 'crypto-perp' })!.id;
      const funding = readFundingRates(db, id);
      // All 90 archived April rows, exact times (with Binance's ms jitter) and rates.
      const april = funding.filter(
        (r) => r.time >= Date.parse('2026-04-01T00:00:00Z') && r.time < Date.parse('2026-05-01T00:00:00Z'),
      );
      expect(april).toHaveLength(90);
      expect(april[3]).toMatchObject({ time: 1775088000003, rate: 0.00003521 });
      const premium = db
        .prepare('SELECT COUNT(*) AS n FROM premium_index WHERE instrument_id = ?')
        .get(id) as { n: number };
      expect(premium.n).toBe(1);
    } finally {
      db.close();
    }
  });

  it('tradelab universe refreshes a dated snapshot and --at reads it back without network', async () => {
    const dataDir = tempDir();
    const refreshed = await runCli([
      'universe',
      '--json',
      '--min-volume',
      '0',
      '--rest-url',
      rest.url,
      '--data-dir',
      dataDir,
    ]);
    expect(refreshed.code).toBe(0);
    const snapshot = lastJson<UniverseSnapshot>(refreshed.stdout);
    expect(snapshot.members.map((m) => m.rank)).toEqual(snapshot.members.map((_, i) => i + 1));
    expect(snapshot.members.length).toBeGreaterThan(0);
    const volumes = snapshot.members.map((m) => m.quoteVolume);
    expect(volumes).toEqual([...volumes].sort((a, b) => b - a));
    const later = await runCli([
      'universe',
      '--json',
      '--at',
      new Date(Date.now() + 60_000).toISOString(),
      '--rest-url',
      'http://127.0.0.1:9',
      '--data-dir',
      dataDir,
    ]);
    expect(lastJson<UniverseSnapshot>(later.stdout).id).toBe(snapshot.id);
    const before = await runCli(['universe', '--at', '2001-01-01', '--data-dir', dataDir]);
    expect(before.code).toBe(1);
    expect(before.stderr).toMatch(/No universe snapshot was taken at or before 2001-01-01/);
  });
});
