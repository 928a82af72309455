import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Lab } from '../../src/core/lab.js';
import type { FetchSummary, Job } from '../../src/shared/contract/index.js';
import { parseKlineCsv } from '../../src/core/ingest/binance/kline-csv.js';
import { BarStore } from '../../src/core/store/bar-store.js';
import { findInstrument } from '../../src/core/store/instruments.js';
import { openDatabase } from '../../src/core/store/open-database.js';
import { openTestLab, waitForJobEnd } from '../helpers/lab-harness.js';
import { dataPath } from '../helpers/paths.js';
import { startVisionReplay, type VisionReplay } from '../helpers/vision-replay/index.js';
import { writeZip } from '../helpers/zip-writer.js';
import { checksumText } from '../helpers/vision-replay/bucket.js';

const MONTHLY_1H = dataPath('binance/spot/monthly/klines-csv/BTCUSDT/1h');
const FAST = { stallTimeoutMs: 400, retryBaseMs: 20, maxAttempts: 5 };

let replay: VisionReplay;
let lab: Lab | undefined;
beforeAll(async () => {
  replay = await startVisionReplay({ maxKeys: 4 });
});
afterAll(async () => {
  await replay.close();
});
afterEach(async () => {
  replay.setFaults([]);
  await lab?.close();
  lab = undefined;
});

/** Bars as the source CSVs hold them: the reference the store must equal exactly. */
function sourceBars(files: string[]) {
  const parts = files.map((f) => parseKlineCsv(fs.readFileSync(f)));
  const concat = (name: 'time' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'quoteVolume' | 'trades') =>
    Float64Array.from(parts.flatMap((p) => Array.from(p[name]!)));
  return {
    time: concat('time'),
    open: concat('open'),
    high: concat('high'),
    low: concat('low'),
    close: concat('close'),
    volume: concat('volume'),
    quoteVolume: concat('quoteVolume'),
    trades: concat('trades'),
  };
}

function storedBars(
  dataDir: string,
  symbol: string,
  interval: string,
  market: 'crypto-spot' | 'crypto-perp' = 'crypto-spot',
) {
  const db = openDatabase(dataDir);
  try {
    const instrument = findInstrument(db, { symbol, venue: 'binance', market });
    if (!instrument) return null;
    return new BarStore(db).readBars({ instrumentId: instrument.id, interval });
  } finally {
    db.close();
  }
}

async function fetchAndWait(l: Lab, params: Parameters<Lab['startFetchBinance']>[0]): Promise<Job> {
  const { jobId } = await l.startFetchBinance({
    restFill: false,
    concurrency: 4,
    transfer: FAST,
    endpoints: { visionUrl: replay.url },
    ...params,
  });
  return waitForJobEnd(l, jobId, 60_000);
}

const summaryOf = (job: Job) => job.summary as FetchSummary;
const zipGets = () => replay.requests.filter((r) => r.method === 'GET' && r.path.endsWith('.zip'));
const months2021 = ['01', '02', '03', '04', '05', '06'].map((m) =>
  path.join(MONTHLY_1H, `BTCUSDT-1h-2021-${m}.csv`),
);

describe('fetch binance against a replay of data.binance.vision', () => {
  it('stores exactly the bars of the archives, verifies every CHECKSUM, and a second run downloads nothing', async () => {
    let dataDir: string;
    ({ lab, dataDir } = await openTestLab());
    replay.resetStats();
    const job = await fetchAndWait(lab, {
      symbols: ['BTCUSDT'],
      interval: '1h',
      from: '2021-01-01',
      to: '2021-06-30',
    });
    expect(job.status).toBe('done');
    expect(summaryOf(job)).toMatchObject({
      filesPlanned: 6,
      filesDownloaded: 6,
      filesAbsent: 0,
      filesRejected: 0,
      filesFailed: 0,
    });
    const checksums = replay.requests
      .filter((r) => r.path.endsWith('.zip.CHECKSUM'))
      .map((r) => path.basename(r.path))
      .sort();
    expect(checksums).toEqual(months2021.map((f) => `${path.basename(f, '.csv')}.zip.CHECKSUM`));
    const expected = sourceBars(months2021);
    const stored = storedBars(dataDir, 'BTCUSDT', '1h')!;
    expect(summaryOf(job).barsStored).toBe(expected.time.length);
    for (const name of ['time', 'open', 'high', 'low', 'close', 'volume', 'quoteVolume', 'trades'] as const) {
      expect(Array.from(stored[name]!), name).toEqual(Array.from(expected[name]));
    }
    // The verified archives sit in the raw cache, laid out like the bucket.
    const cached = path.join(
      dataDir,
      'raw/binance-vision/data/spot/monthly/klines/BTCUSDT/1h/BTCUSDT-1h-2021-03.zip',
    );
    expect(fs.existsSync(cached) && fs.existsSync(`${cached}.CHECKSUM`)).toBe(true);
    expect(fs.readdirSync(path.dirname(cached)).filter((f) => f.endsWith('.part'))).toEqual([]);

    replay.resetStats();
    const again = await fetchAndWait(lab, {
      symbols: ['BTCUSDT'],
      interval: '1h',
      from: '2021-01-01',
      to: '2021-06-30',
    });
    expect(summaryOf(again)).toMatchObject({
      filesPlanned: 6,
      filesDownloaded: 0,
      filesCached: 6,
      barsStored: 0,
      bytesDownloaded: 0,
    });
    expect(zipGets()).toEqual([]);
    expect(replay.requests.filter((r) => r.path.endsWith('.CHECKSUM'))).toEqual([]);
  });

  it('uses daily archives where no monthly one exists and reads µs timestamps', async () => {
    let dataDir: string;
    ({ lab, dataDir } = await openTestLab());
    const job = await fetchAndWait(lab, {
      symbols: ['BTCUSDT'],
      interval: '1m',
      from: '2020-01-01',
      to: '2020-01-03',
    });
    expect(summaryOf(job)).toMatchObject({ filesPlanned: 3, filesDownloaded: 3, barsStored: 4320 });
    const us = await fetchAndWait(lab, {
      symbols: ['BTCUSDT'],
      interval: '1h',
      from: '2026-05-08',
      to: '2026-05-09',
    });
    expect(summaryOf(us)).toMatchObject({ filesDownloaded: 2, barsStored: 48 });
    const stored = storedBars(dataDir, 'BTCUSDT', '1h')!;
    expect(new Date(stored.time[0]).toISOString()).toBe('2026-05-08T00:00:00.000Z');
  });

  it('survives a drop, a stall, a 503 storm and a 429 with Retry-After, with nothing lost or doubled', async () => {
    let dataDir: string;
    ({ lab, dataDir } = await openTestLab());
    replay.resetStats();
    replay.setFaults([
      { match: 'BTCUSDT-1h-2021-01.zip', fault: { type: 'drop', afterBytes: 20_000 } },
      { match: 'BTCUSDT-1h-2021-02.zip', fault: { type: 'stall', afterBytes: 10_000 } },
      { match: 'BTCUSDT-1h-2021-03.zip', times: 3, fault: { type: 'status', status: 503 } },
      { match: 'BTCUSDT-1h-2021-04.zip', fault: { type: 'status', status: 429, retryAfter: '1' } },
    ]);
    const started = Date.now();
    const job = await fetchAndWait(lab, {
      symbols: ['BTCUSDT'],
      interval: '1h',
      from: '2021-01-01',
      to: '2021-06-30',
    });
    expect(job.status).toBe('done');
    expect(summaryOf(job)).toMatchObject({ filesDownloaded: 6, filesRejected: 0, filesFailed: 0 });
    expect(summaryOf(job).retries).toBeGreaterThanOrEqual(6);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    // The dropped transfer resumed where it stopped instead of starting over.
    const january = zipGets().filter((r) => r.path.endsWith('BTCUSDT-1h-2021-01.zip'));
    expect(january.length).toBeGreaterThanOrEqual(2);
    expect(january.at(-1)!.range).toMatch(/^bytes=[1-9]\d*-$/);
    const expected = sourceBars(months2021);
    expect(Array.from(storedBars(dataDir, 'BTCUSDT', '1h')!.close)).toEqual(Array.from(expected.close));
  });

  it('rejects a damaged archive, stores nothing from it, and a re-run completes only what is missing', async () => {
    let dataDir: string;
    ({ lab, dataDir } = await openTestLab());
    replay.setFaults([{ match: 'BTCUSDT-1h-2021-02.zip', times: Infinity, fault: { type: 'corrupt' } }]);
    const job = await fetchAndWait(lab, {
      symbols: ['BTCUSDT'],
      interval: '1h',
      from: '2021-01-01',
      to: '2021-03-31',
    });
    expect(job.status).toBe('done');
    expect(summaryOf(job)).toMatchObject({ filesDownloaded: 2, filesRejected: 1 });
    expect(job.issues.find((i) => i.subject.endsWith('BTCUSDT-1h-2021-02.zip'))?.message).toMatch(
      /rejected, nothing stored: checksum mismatch/,
    );
    const stored = storedBars(dataDir, 'BTCUSDT', '1h')!;
    expect(stored.time.some((t) => new Date(t).toISOString().startsWith('2021-02'))).toBe(false);
    expect(
      fs.existsSync(
        path.join(dataDir, 'raw/binance-vision/data/spot/monthly/klines/BTCUSDT/1h/BTCUSDT-1h-2021-02.zip'),
      ),
    ).toBe(false);

    replay.setFaults([]);
    replay.resetStats();
    const rerun = await fetchAndWait(lab, {
      symbols: ['BTCUSDT'],
      interval: '1h',
      from: '2021-01-01',
      to: '2021-03-31',
    });
    expect(summaryOf(rerun)).toMatchObject({ filesDownloaded: 1, filesCached: 2, filesRejected: 0 });
    expect(zipGets().map((r) => path.basename(r.path))).toEqual(['BTCUSDT-1h-2021-02.zip']);
    expect(storedBars(dataDir, 'BTCUSDT', '1h')!.time.length).toBe(
      sourceBars(months2021.slice(0, 3)).time.length,
    );
  });

  it('reports an archive the listing shows but the server answers 404 as absent, and a truncated zip as rejected', async () => {
    ({ lab } = await openTestLab());
    replay.setFaults([
      { match: 'BTCUSDT-1h-2021-01.zip', times: Infinity, fault: { type: 'status', status: 404 } },
      { match: /BTCUSDT-1h-2021-02\.zip$/, times: Infinity, fault: { type: 'truncate', bytes: 5000 } },
    ]);
    const job = await fetchAndWait(lab, {
      symbols: ['BTCUSDT'],
      interval: '1h',
      from: '2021-01-01',
      to: '2021-03-31',
    });
    expect(summaryOf(job)).toMatchObject({ filesDownloaded: 1, filesAbsent: 1, filesRejected: 1 });
    expect(job.issues.find((i) => i.subject.endsWith('2021-01.zip'))?.message).toMatch(
      /skipped because absent/,
    );
    expect(job.issues.find((i) => i.subject.endsWith('2021-02.zip'))?.message).toMatch(/rejected/);
  });

  it('notices an archive Binance re-uploaded (new ETag) and re-ingests only that one', async () => {
    let dataDir: string;
    ({ lab, dataDir } = await openTestLab());
    await fetchAndWait(lab, { symbols: ['BTCUSDT'], interval: '1h', from: '2021-01-01', to: '2021-03-31' });
    // Binance re-publishes March with one corrected close price.
    const file = months2021[2];
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const cells = lines[0].split(',');
    const corrected = (Number(cells[4]) + 1).toFixed(8);
    cells[4] = corrected;
    lines[0] = cells.join(',');
    const zipName = 'BTCUSDT-1h-2021-03.zip';
    const zip = writeZip([{ name: 'BTCUSDT-1h-2021-03.csv', data: Buffer.from(lines.join('\n')) }]);
    const key = `data/spot/monthly/klines/BTCUSDT/1h/${zipName}`;
    try {
      replay.putObject(key, zip);
      replay.putObject(`${key}.CHECKSUM`, Buffer.from(checksumText(zipName, zip)));
      replay.resetStats();
      const job = await fetchAndWait(lab, {
        symbols: ['BTCUSDT'],
        interval: '1h',
        from: '2021-01-01',
        to: '2021-03-31',
      });
      expect(summaryOf(job)).toMatchObject({ filesDownloaded: 1, filesReuploaded: 1, filesCached: 2 });
      expect(zipGets().map((r) => path.basename(r.path))).toEqual([zipName]);
      const stored = storedBars(dataDir, 'BTCUSDT', '1h')!;
      const march1 = Date.parse('2021-03-01T00:00:00Z');
      expect(stored.close[stored.time.indexOf(march1)]).toBe(Number(corrected));
    } finally {
      replay.restoreObject(key);
      replay.restoreObject(`${key}.CHECKSUM`);
    }
  });

  it('says so when a symbol has no archives at all, and when a series ends before the requested end', async () => {
    ({ lab } = await openTestLab());
    const job = await fetchAndWait(lab, {
      symbols: ['NOPEUSDT', 'ETHUSDT'],
      interval: '1h',
      from: '2021-01-01',
      to: '2021-12-31',
    });
    expect(job.status).toBe('done');
    expect(job.issues.find((i) => i.subject === 'NOPEUSDT')?.message).toMatch(/publishes no spot 1h klines/);
    // The replay holds ETHUSDT 2021-01..03 and 10..12: the hole between is named, not silently empty.
    expect(job.issues.find((i) => i.subject === 'ETHUSDT')?.message).toMatch(
      /no archive published for 2021-04-01..2021-09-30/,
    );
    expect(summaryOf(job).filesDownloaded).toBe(6);
  });

  it('keeps eight connections busy and stops at once on cancel, resuming later without refetching', async () => {
    ({ lab } = await openTestLab());
    const slow = await startVisionReplay({ throttleBytesPerSec: 60_000 });
    try {
      const { jobId } = await lab.startFetchBinance({
        symbols: ['BTCUSDT'],
        interval: '1h',
        from: '2018-01-01',
        to: '2021-12-31',
        restFill: false,
        concurrency: 8,
        transfer: FAST,
        endpoints: { visionUrl: slow.url },
      });
      await new Promise((r) => setTimeout(r, 1500));
      expect(slow.maxConcurrentDownloads).toBe(8);
      await lab.cancelJob({ jobId });
      const cancelled = await waitForJobEnd(lab, jobId, 10_000);
      expect(cancelled.status).toBe('cancelled');
      const firstRun = (cancelled.summary as FetchSummary).filesDownloaded;
      expect(firstRun).toBeLessThan(48);
      slow.resetStats();
      const { jobId: again } = await lab.startFetchBinance({
        symbols: ['BTCUSDT'],
        interval: '1h',
        from: '2018-01-01',
        to: '2021-12-31',
        restFill: false,
        concurrency: 8,
        transfer: FAST,
        endpoints: { visionUrl: replay.url },
      });
      const done = await waitForJobEnd(lab, again, 60_000);
      expect(summaryOf(done).filesDownloaded + summaryOf(done).filesCached).toBe(48);
      expect(summaryOf(done).filesCached).toBe(firstRun);
    } finally {
      await slow.close();
    }
  });
});
