import { describe, expect, it } from 'vitest';
import { compact, formatCoinGeckoReport, price } from '../../src/cli/coingecko-report.js';
import type { CoinGeckoSnapshot, Job } from '../../src/shared/contract/index.js';

function job(status: Job['status'], summary: Job['summary']): Job {
  return {
    id: 7,
    kind: 'fetch-coingecko',
    params: {},
    status,
    progress: null,
    error: null,
    summary,
    issues: [],
    createdAt: '2026-01-05T12:00:00.000Z',
    startedAt: '2026-01-05T12:00:00.000Z',
    endedAt: '2026-01-05T12:00:01.000Z',
    attempts: 1,
  };
}

describe('CoinGecko report', () => {
  it('formats prices from fractions of a cent to tens of thousands, and large sums compactly', () => {
    expect([
      price(9.04766669820536e-7),
      price(0.0017281245997362818),
      price(76700.11615527925),
      price(null),
    ]).toEqual(['9.048e-7', '0.001728', '76,700.12', '-']);
    expect([
      compact(1525034530242),
      compact(569778313238),
      compact(3463333),
      compact(950),
      compact(null),
    ]).toEqual(['1.53T', '569.78B', '3.46M', '950', '-']);
  });

  it('shows only the snapshots this job stored, at most 10 rows each, then the notes', () => {
    const items = Array.from({ length: 12 }, (_, i) => ({
      rank: i + 1,
      id: `coin-${i + 1}`,
      symbol: `c${i + 1}`,
      name: `Coin ${i + 1}`,
      marketCapRank: i + 1,
      priceUsd: 1,
      marketCapUsd: 1e9,
      volume24hUsd: 1e6,
    }));
    const ours: CoinGeckoSnapshot = {
      id: 3,
      kind: 'markets',
      takenAt: '2026-01-05T12:00:00.500Z',
      sourceTime: null,
      items,
    };
    const other: CoinGeckoSnapshot = { ...ours, id: 2, kind: 'trending' };
    const lines = formatCoinGeckoReport(
      job('done', { requests: 1, snapshots: [{ kind: 'markets', id: 3, items: 12 }], notes: ['a note'] }),
      [ours, other],
    );
    expect(lines[0]).toBe('CoinGecko fetch done: stored markets #3 (12 coins); 1 requests.');
    expect(lines).toContain('Coins by market cap, taken 2026-01-05T12:00:00.500Z: top 10 of 12');
    expect(lines.filter((l) => /Coin \d+/.test(l))).toHaveLength(10);
    expect(lines.some((l) => l.startsWith('Trending'))).toBe(false);
    expect(lines.at(-1)).toBe('Note: a note');
  });

  it('says a failed job stored nothing', () => {
    expect(formatCoinGeckoReport(job('failed', null), [])).toEqual(['CoinGecko fetch failed.']);
  });
});
