import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fetchArchives } from '../../src/core/ingest/binance/vision/archive-fetcher.js';
import { discoverArchives } from '../../src/core/ingest/binance/vision/discover-archives.js';
import { planArchives } from '../../src/core/ingest/binance/vision/plan-archives.js';
import { importKlineFile } from '../../src/core/ingest/binance/import-kline-file.js';
import { openDatabase } from '../../src/core/store/open-database.js';
import { startVisionReplay } from '../helpers/vision-replay/index.js';
import type { BenchLine } from './ingest.bench.js';

/** Per-connection speed of the replay: slow enough that parallelism, not the CPU, decides the time. */
const BYTES_PER_SECOND_PER_CONNECTION = 400_000;

interface RunResult {
  ms: number;
  bytes: number;
  files: number;
  peakConnections: number;
}

async function fetchOnce(concurrency: number): Promise<RunResult> {
  const replay = await startVisionReplay({ throttleBytesPerSec: BYTES_PER_SECOND_PER_CONNECTION });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tradelab-bench-dl-'));
  const db = openDatabase(dataDir);
  try {
    const controller = new AbortController();
    const found = await discoverArchives('spot', 'klines', 'BTCUSDT', '1h', ['monthly', 'daily'], {
      listUrl: replay.url,
      signal: controller.signal,
      onRetry: () => {},
    });
    const plan = planArchives({ from: '2017-08-01', to: '2022-02-28', today: '2026-01-01', monthly: found.monthly, daily: found.daily });
    let bytes = 0;
    let files = 0;
    const started = performance.now();
    await fetchArchives({
      db,
      dataDir,
      baseUrl: replay.url,
      archives: plan.archives,
      concurrency,
      signal: controller.signal,
      now: Date.now,
      ingest: (_a, file) => {
        const r = importKlineFile(db, file, { market: 'spot', now: Date.now() });
        return r.status === 'ok' ? r.bars : 0;
      },
      onBytes: (_k, n) => (bytes += n),
      onRetry: () => {},
      onOutcome: (o) => {
        if (o.kind !== 'ingested') throw new Error(`bench archive ${o.archive.key} ended ${o.kind}`);
        files++;
      },
    });
    return { ms: performance.now() - started, bytes, files, peakConnections: replay.maxConcurrentDownloads };
  } finally {
    db.close();
    await replay.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Data Vision downloads against the local replay (real BTCUSDT 1h archives, each connection
 * throttled like a remote server): 8 parallel connections vs 1, same archives, same run.
 */
export async function runDownloadBenchmarks(log: (msg: string) => void): Promise<{ title: string; lines: BenchLine[] }> {
  log('downloads: 1 connection');
  const single = await fetchOnce(1);
  log('downloads: 8 connections');
  const eight = await fetchOnce(8);
  const mbps = (r: RunResult) => r.bytes / 1e6 / (r.ms / 1000);
  return {
    title: `Data Vision downloads from the replay (${eight.files} real monthly archives, ${(eight.bytes / 1e6).toFixed(1)} MB, ${BYTES_PER_SECOND_PER_CONNECTION / 1000} kB/s per connection):`,
    lines: [
      {
        name: 'fetch + verify + ingest, 8 connections',
        value: mbps(eight),
        unit: 'MB/s',
        extra: `peak ${eight.peakConnections} conn`,
        ratio: mbps(eight) / mbps(single),
        against: '1 connection',
      },
      { name: 'fetch + verify + ingest, 1 connection', value: mbps(single), unit: 'MB/s', extra: `peak ${single.peakConnections} conn` },
    ],
  };
}
