import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/shared/contract/index.js';
import { followedJob, isEndEvent } from '../../src/renderer/lib/job-pick.js';
import {
  baseName,
  fileFraction,
  formatBarsPerSecond,
  formatCompactCount,
  formatMegabytesPerSecond,
} from '../../src/renderer/lib/transfer-format.js';
import { describeUniverseRule, formatUsdCompact } from '../../src/renderer/lib/universe-format.js';

describe('transfer rates', () => {
  it('shows download rates in MB/s whatever their size', () => {
    expect(formatMegabytesPerSecond(12.5 * 1024 * 1024)).toBe('12.5 MB/s');
    expect(formatMegabytesPerSecond(300 * 1024)).toBe('0.3 MB/s');
    expect(formatMegabytesPerSecond(0)).toBe('0.0 MB/s');
    expect(formatMegabytesPerSecond(250 * 1024 * 1024)).toBe('250 MB/s');
    expect(formatMegabytesPerSecond(null)).toBe('—');
    expect(formatMegabytesPerSecond(Number.POSITIVE_INFINITY)).toBe('—');
  });

  it('shows bars per second compactly', () => {
    expect(formatBarsPerSecond(1_234_567)).toBe('1.2M bars/s');
    expect(formatBarsPerSecond(950.4)).toBe('950 bars/s');
    expect(formatBarsPerSecond(undefined)).toBe('—');
    expect(formatCompactCount(9_999)).toBe('9,999');
    expect(formatCompactCount(45_600)).toBe('45.6K');
  });

  it('gives a file in flight its fraction, or none while its size is unknown', () => {
    expect(fileFraction({ done: 512, total: 2048 })).toBe(0.25);
    expect(fileFraction({ done: 4096, total: 2048 })).toBe(1);
    expect(fileFraction({ done: 10, total: null })).toBeNull();
    expect(fileFraction({ done: 0, total: 0 })).toBeNull();
  });

  it('names a file by its last path segment', () => {
    expect(baseName('data/spot/monthly/klines/BTCUSDT/1m/BTCUSDT-1m-2024-01.zip')).toBe(
      'BTCUSDT-1m-2024-01.zip',
    );
    expect(baseName('C:\\cache\\ETHUSDT-1h-2024-02.zip')).toBe('ETHUSDT-1h-2024-02.zip');
    expect(baseName('plain.zip')).toBe('plain.zip');
  });
});

describe('universe text', () => {
  it('formats quote volumes compactly in dollars', () => {
    expect(formatUsdCompact(1_234_567_890)).toBe('$1.23B');
    expect(formatUsdCompact(500_000)).toBe('$500K');
  });

  it('describes the rule that picked a snapshot', () => {
    expect(
      describeUniverseRule({ fetchN: 200, selectN: 100, minQuoteVolume: 500_000, candidates: 412 }),
    ).toBe('Top 200 of 412 USD-M perpetuals by 24h quote volume, at least $500K, 100 kept');
  });
});

describe('which job a panel follows', () => {
  const job = (id: number, kind: Job['kind'], status: Job['status']): Job => ({
    id,
    kind,
    status,
    params: {},
    progress: null,
    error: null,
    summary: null,
    issues: [],
    createdAt: '2025-01-01T00:00:00Z',
    startedAt: null,
    endedAt: null,
    attempts: 1,
  });
  // Newest first, as the jobs list holds them.
  const jobs = [
    job(5, 'compute-quality', 'running'),
    job(4, 'fetch-binance', 'done'),
    job(3, 'fetch-binance', 'running'),
    job(2, 'import-binance-files', 'done'),
  ];

  it('follows the job it started, even after it ended, and nothing until it arrives', () => {
    expect(followedJob(jobs, ['fetch-binance'], 3, 'latest')?.id).toBe(3);
    expect(followedJob(jobs, ['fetch-binance'], 2, 'active')?.id).toBe(2);
    expect(followedJob(jobs, ['fetch-binance'], 9, 'latest')).toBeUndefined();
  });

  it('otherwise follows the newest job of its kind, or the newest running one', () => {
    expect(followedJob(jobs, ['fetch-binance'], null, 'latest')?.id).toBe(4);
    expect(followedJob(jobs, ['fetch-binance'], null, 'active')?.id).toBe(3);
    expect(followedJob(jobs, ['refresh-universe'], null, 'latest')).toBeUndefined();
  });

  it('knows which events end a job', () => {
    expect(['job.done', 'job.failed', 'job.cancelled'].every(isEndEvent)).toBe(true);
    expect(['job.progress', 'job.started', 'coverage.changed'].some(isEndEvent)).toBe(false);
  });
});
