import { describe, expect, it } from 'vitest';
import type { QualityGap, QualityReport } from '../../src/shared/contract/index.js';
import {
  formatCompleteness,
  gapKindCounts,
  gapSeconds,
  intervalMs,
  sortGaps,
  sortQualityReports,
  untrainableReasons,
} from '../../src/renderer/lib/quality-view.js';

const gap = (after: string, missingBars: number, kind: QualityGap['kind'] = 'missing'): QualityGap => ({
  after,
  before: after,
  missingBars,
  kind,
});

const report = (patch: Partial<QualityReport>): QualityReport => ({
  symbol: 'BTCUSDT',
  venue: 'binance',
  market: 'crypto-spot',
  interval: '1m',
  computedAt: '2025-01-01T00:00:00.000Z',
  bars: 4320,
  first: '2024-01-01T00:00:00.000Z',
  last: '2024-01-03T23:59:00.000Z',
  expectedBars: 4320,
  completeness: 1,
  trainable: true,
  chronological: true,
  duplicates: 0,
  ohlcViolations: 0,
  misaligned: 0,
  examples: [],
  gapCount: 0,
  missingBars: 0,
  gaps: [],
  ...patch,
});

describe('gap list order', () => {
  const gaps = [
    gap('2024-03-01T10:00:00Z', 5),
    gap('2024-01-01T10:00:00Z', 30, 'outage'),
    gap('2024-02-01T10:00:00Z', 5),
  ];

  it('puts the longest first, ties in time order', () => {
    expect(sortGaps(gaps, 'longest').map((g) => g.after)).toEqual([
      '2024-01-01T10:00:00Z',
      '2024-02-01T10:00:00Z',
      '2024-03-01T10:00:00Z',
    ]);
  });

  it('orders by time when asked, and never reorders the caller’s array', () => {
    const before = [...gaps];
    expect(sortGaps(gaps, 'time').map((g) => g.missingBars)).toEqual([30, 5, 5]);
    expect(gaps).toEqual(before);
  });

  it('counts outages and gaps missing only here', () => {
    expect(gapKindCounts(gaps)).toEqual({ outage: 1, missing: 2 });
    expect(gapKindCounts([])).toEqual({ outage: 0, missing: 0 });
  });
});

describe('completeness', () => {
  it('shows two decimals and never rounds an incomplete series up to 100%', () => {
    expect(formatCompleteness(0.99873)).toBe('99.87%');
    expect(formatCompleteness(0.999999)).toBe('99.99%');
    expect(formatCompleteness(1)).toBe('100%');
    expect(formatCompleteness(0)).toBe('0.00%');
    expect(formatCompleteness(Number.NaN)).toBe('—');
  });
});

describe('interval lengths', () => {
  it('parses fixed-length intervals and refuses the rest', () => {
    expect(intervalMs('1s')).toBe(1000);
    expect(intervalMs('15m')).toBe(900_000);
    expect(intervalMs('4h')).toBe(14_400_000);
    expect(intervalMs('1d')).toBe(86_400_000);
    expect(intervalMs('1w')).toBe(604_800_000);
    expect(intervalMs('1M')).toBeNull();
    expect(intervalMs('0m')).toBeNull();
    expect(intervalMs('m')).toBeNull();
  });

  it('turns missing bars into the time they cover', () => {
    expect(gapSeconds({ missingBars: 90 }, '1m')).toBe(5400);
    expect(gapSeconds({ missingBars: 3 }, '1M')).toBeNull();
  });
});

describe('quality table order', () => {
  it('sorts by symbol, market, then shortest interval first (1m before 1h before 1d)', () => {
    const sorted = sortQualityReports([
      report({ symbol: 'ETHUSDT', interval: '1m' }),
      report({ interval: '1h' }),
      report({ interval: '1d' }),
      report({ interval: '1m' }),
      report({ interval: '5m', market: 'crypto-perp' }),
    ]);
    expect(sorted.map((r) => `${r.symbol} ${r.market} ${r.interval}`)).toEqual([
      'BTCUSDT crypto-perp 5m',
      'BTCUSDT crypto-spot 1m',
      'BTCUSDT crypto-spot 1h',
      'BTCUSDT crypto-spot 1d',
      'ETHUSDT crypto-spot 1m',
    ]);
  });
});

describe('why a series is not trainable', () => {
  it('names each reason the contract gives', () => {
    expect(untrainableReasons(report({}))).toEqual([]);
    expect(
      untrainableReasons(report({ trainable: false, bars: 600, chronological: false, duplicates: 3 })),
    ).toEqual(['only 600 bars (needs 1,000)', 'bars out of time order', '3 duplicate bars']);
  });
});
