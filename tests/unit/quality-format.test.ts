import { describe, expect, it } from 'vitest';
import {
  formatGapCount,
  formatPercent,
  formatQualityDetails,
  formatQualityTable,
  formatTime,
  untrainableReasons,
} from '../../src/cli/quality-report.js';
import { computeQualityReport } from '../../src/core/quality/compute-quality-report.js';
import type { QualityReport } from '../../src/shared/contract/index.js';
import { filterRows, loadKlines, monthlyCsvs } from '../helpers/quality-fixtures.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const BTC = { symbol: 'BTCUSDT', venue: 'binance', market: 'crypto-spot' } as const;

function btc2018(): QualityReport {
  const report = computeQualityReport(loadKlines(monthlyCsvs('BTCUSDT', /2018-0[1-3]/)), '1h', BTC, NOW);
  // As classification would mark it: the 2018-02-08 outage.
  return { ...report, gaps: report.gaps.map((g, i) => (i === 0 ? { ...g, kind: 'outage' as const } : g)) };
}

describe('quality table', () => {
  it('has one aligned line per series under a header, with gaps as "N (k outage)"', () => {
    const report = btc2018();
    const lines = formatQualityTable([report]);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^SYMBOL\s+MARKET\s+INTERVAL\s+BARS\s+COMPLETE\s+GAPS\s+MISSING\s+MISALIGNED\s+OHLC FAULTS\s+DUPLICATES\s+TRAINABLE$/);
    const cells = lines[1].split(/\s{2,}/);
    expect(cells).toEqual([
      'BTCUSDT',
      'crypto-spot',
      '1h',
      report.bars.toLocaleString('en-US'),
      formatPercent(report.completeness),
      `${report.gapCount} (1 outage)`,
      String(report.missingBars),
      '43',
      '0',
      '0',
      'yes',
    ]);
    // Columns line up: left-aligned ones start under their title, right-aligned ones end under it.
    expect(lines[1].indexOf('crypto-spot')).toBe(lines[0].indexOf('MARKET'));
    expect(lines[1].indexOf('yes')).toBe(lines[0].indexOf('TRAINABLE'));
    const bars = report.bars.toLocaleString('en-US');
    expect(lines[1].indexOf(bars) + bars.length).toBe(lines[0].indexOf('BARS') + 'BARS'.length);
  });

  it('says when the outage count covers only the listed gaps', () => {
    const report = { ...btc2018(), gapCount: 250 };
    expect(formatGapCount(report)).toBe('250 (≥1 outage)');
  });

  it('never rounds an incomplete series up to 100%', () => {
    expect(formatPercent(0.99999)).toBe('99.99%');
    expect(formatPercent(1)).toBe('100.00%');
    expect(formatPercent(0.5)).toBe('50.00%');
  });
});

describe('details under the table', () => {
  it('lists the longest gaps with from → to, bars missing and kind, and the fault examples', () => {
    const report = btc2018();
    expect(report.gapCount).toBe(2);
    const all = formatQualityDetails([report]);
    expect(all.slice(0, 5)).toEqual([
      '',
      'BTCUSDT crypto-spot 1h: 2018-01-01 00:00 → 2018-03-31 23:00, 2 gaps, 33 bars missing',
      '  longest gaps:',
      '    2018-02-08 00:00 → 2018-02-09 09:28:14.789  32 bars missing  outage',
      '    2018-01-04 03:00 → 2018-01-04 05:00           1 bar missing  missing',
    ]);
    const lines = formatQualityDetails([report], 1);
    expect(lines[2]).toBe('  longest gaps (1 of 2):');
    expect(lines[4]).toBe('  fault examples:');
    expect(lines).toContain('  fault examples:');
    expect(lines).toContain('    2018-02-09 09:28:14.789  open time is not on a whole 1h step from 00:00 UTC');
  });

  it('says why a series is not trainable', () => {
    const few = computeQualityReport(
      filterRows(loadKlines(monthlyCsvs('BTCUSDT', /2021-01/)), (_t, i) => i < 300),
      '1h',
      BTC,
      NOW,
    );
    expect(untrainableReasons(few)).toEqual(['only 300 bars (needs 1,000)']);
    expect(formatQualityDetails([few])).toContain('  not trainable: only 300 bars (needs 1,000)');
    expect(untrainableReasons({ ...few, bars: 5000, chronological: false, duplicates: 2 })).toEqual([
      'bars are not in time order',
      '2 duplicate bars',
    ]);
  });

  it('leaves out series with nothing to show', () => {
    const clean = computeQualityReport(loadKlines(monthlyCsvs('BTCUSDT', /2021-1[0-2]/)), '1h', BTC, NOW);
    expect(clean.gapCount).toBe(0);
    expect(formatQualityDetails([clean])).toEqual([]);
  });

  it('prints whole minutes short and keeps seconds when they are not zero', () => {
    expect(formatTime('2020-01-03T23:59:00.000Z')).toBe('2020-01-03 23:59');
    expect(formatTime('2018-02-09T09:28:14.789Z')).toBe('2018-02-09 09:28:14.789');
  });
});
