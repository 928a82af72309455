import { beforeAll, describe, expect, it } from 'vitest';
import {
  applyGapKinds,
  classifyGaps,
  coveredRanges,
  type GapKind,
  type SeriesGaps,
} from '../../src/core/quality/classify-gaps.js';
import { analyzeSeries, type SeriesAnalysis } from '../../src/core/quality/compute-quality-report.js';
import type { GapSpan } from '../../src/core/quality/gap-span.js';
import type { BarColumns } from '../../src/core/store/bar-columns.js';
import { filterRows, iso, loadKlines, monthlyCsvs } from '../helpers/quality-fixtures.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-01-01T00:00:00Z');
const t = (s: string) => Date.parse(s);

function gapsOf(analysis: SeriesAnalysis): SeriesGaps {
  return { gaps: analysis.gaps, covered: coveredRanges(analysis.first, analysis.last, analysis.gaps, '1h') };
}

/** Kind of each gap, keyed by its ISO start, for readable expectations. */
function kindsByStart(analysis: SeriesAnalysis, kinds: GapKind[]): Record<string, GapKind> {
  return Object.fromEntries(analysis.gaps.map((g, i) => [iso(g.after), kinds[i]]));
}

describe('outage or missing, on real BTCUSDT 2021 and ETHUSDT 2021-01…03 + 10…12 (1h)', () => {
  let btc: BarColumns;
  let eth: BarColumns;
  beforeAll(() => {
    btc = loadKlines(monthlyCsvs('BTCUSDT', /2021-\d\d/));
    eth = loadKlines(monthlyCsvs('ETHUSDT'));
    expect(btc.time.length).toBe(8_760 - 13);
    expect(eth.time.length).toBe(4_366);
  });

  it('calls the two stretches both lack outages and everything else missing', () => {
    const a = analyzeSeries(btc, '1h', { symbol: 'BTCUSDT', venue: 'binance', market: 'crypto-spot' }, NOW);
    const b = analyzeSeries(eth, '1h', { symbol: 'ETHUSDT', venue: 'binance', market: 'crypto-spot' }, NOW);
    const [btcKinds, ethKinds] = classifyGaps('1h', [gapsOf(a), gapsOf(b)]);
    expect(kindsByStart(a, btcKinds)).toEqual({
      // Both symbols lack 04:00 on Feb 11 and 02:00 on Mar 6.
      '2021-02-11T03:00:00.000Z': 'outage',
      '2021-03-06T01:00:00.000Z': 'outage',
      // ETHUSDT has no data from April to September here: it cannot tell, so these stay missing.
      '2021-04-20T01:00:00.000Z': 'missing',
      '2021-04-25T04:00:00.000Z': 'missing',
      '2021-08-13T01:00:00.000Z': 'missing',
      '2021-09-29T06:00:00.000Z': 'missing',
    });
    expect(kindsByStart(b, ethKinds)).toEqual({
      '2021-02-11T03:00:00.000Z': 'outage',
      '2021-03-06T01:00:00.000Z': 'outage',
      // BTCUSDT has bars all through April … September: ETHUSDT's hole is its own.
      '2021-03-31T23:00:00.000Z': 'missing',
    });
  });

  it('a day removed from one series is missing there only; the outage inside it stays an outage for the other', () => {
    const cutDay = t('2021-02-11T00:00:00Z');
    const ethWithoutDay = filterRows(eth, (time) => time < cutDay || time >= cutDay + DAY);
    const a = analyzeSeries(btc, '1h', { symbol: 'BTCUSDT', venue: 'binance', market: 'crypto-spot' }, NOW);
    const b = analyzeSeries(ethWithoutDay, '1h', { symbol: 'ETHUSDT', venue: 'binance', market: 'crypto-spot' }, NOW);
    const [btcKinds, ethKinds] = classifyGaps('1h', [gapsOf(a), gapsOf(b)]);
    // ETH now misses 24 hours, BTC has 23 of them: ETH's own loss.
    expect(b.gaps.find((g) => iso(g.after) === '2021-02-10T23:00:00.000Z')?.missingBars).toBe(24);
    expect(kindsByStart(b, ethKinds)['2021-02-10T23:00:00.000Z']).toBe('missing');
    expect(kindsByStart(b, ethKinds)['2021-03-06T01:00:00.000Z']).toBe('outage');
    // BTC's hour of Feb 11 is still lacking in ETH too.
    expect(kindsByStart(a, btcKinds)['2021-02-11T03:00:00.000Z']).toBe('outage');
    expect(kindsByStart(a, btcKinds)['2021-03-06T01:00:00.000Z']).toBe('outage');
  });

  it('a series alone has no witness: every gap is missing', () => {
    const a = analyzeSeries(btc, '1h', { symbol: 'BTCUSDT', venue: 'binance', market: 'crypto-spot' }, NOW);
    const [kinds] = classifyGaps('1h', [gapsOf(a)]);
    expect(new Set(kinds)).toEqual(new Set(['missing']));
  });
});

describe('classification rules on gap lists', () => {
  const span = (after: string, before: string, missingBars: number): GapSpan => ({
    after: t(after),
    before: t(before),
    missingBars,
  });
  const whole = (from: string, to: string) => [{ from: t(from), to: t(to) }];
  // 5 hours missing (01:00 … 05:00).
  const gap = span('2021-05-01T00:00:00Z', '2021-05-01T06:00:00Z', 5);
  const own: SeriesGaps = { gaps: [gap], covered: whole('2021-04-01T00:00:00Z', '2021-06-01T00:00:00Z') };

  it('needs every covering witness to lack at least half of the stretch', () => {
    const lacksThree: SeriesGaps = {
      gaps: [span('2021-05-01T02:00:00Z', '2021-05-01T06:00:00Z', 3)],
      covered: whole('2021-04-01T00:00:00Z', '2021-06-01T00:00:00Z'),
    };
    const lacksTwo: SeriesGaps = {
      gaps: [span('2021-05-01T03:00:00Z', '2021-05-01T06:00:00Z', 2)],
      covered: whole('2021-04-01T00:00:00Z', '2021-06-01T00:00:00Z'),
    };
    const complete: SeriesGaps = { gaps: [], covered: whole('2021-04-01T00:00:00Z', '2021-06-01T00:00:00Z') };
    expect(classifyGaps('1h', [own, lacksThree])[0]).toEqual(['outage']);
    expect(classifyGaps('1h', [own, lacksTwo])[0]).toEqual(['missing']);
    expect(classifyGaps('1h', [own, lacksThree, complete])[0]).toEqual(['missing']);
  });

  it('sums a witness’s several gaps inside the stretch', () => {
    const twoHoles: SeriesGaps = {
      gaps: [span('2021-05-01T00:00:00Z', '2021-05-01T03:00:00Z', 2), span('2021-05-01T03:00:00Z', '2021-05-01T05:00:00Z', 1)],
      covered: whole('2021-04-01T00:00:00Z', '2021-06-01T00:00:00Z'),
    };
    expect(classifyGaps('1h', [own, twoHoles])[0]).toEqual(['outage']);
  });

  it('ignores instruments whose data does not cover the stretch', () => {
    const listedLater: SeriesGaps = { gaps: [], covered: whole('2021-05-01T03:00:00Z', '2021-06-01T00:00:00Z') };
    expect(classifyGaps('1h', [own, listedLater])[0]).toEqual(['missing']);
    const sameHoleButLater: SeriesGaps = {
      gaps: [span('2021-05-01T00:00:00Z', '2021-05-01T06:00:00Z', 5)],
      covered: whole('2021-05-01T00:00:00Z', '2021-06-01T00:00:00Z'),
    };
    expect(classifyGaps('1h', [own, listedLater, sameHoleButLater])[0]).toEqual(['outage']);
  });

  it('splits covered ranges at holes longer than a week (1h) or 30 bars (1d)', () => {
    const gaps = [
      span('2021-01-10T00:00:00Z', '2021-01-12T00:00:00Z', 47),
      span('2021-02-01T00:00:00Z', '2021-03-01T00:00:00Z', 671),
    ];
    expect(coveredRanges(t('2021-01-01T00:00:00Z'), t('2021-04-01T00:00:00Z'), gaps, '1h')).toEqual([
      { from: t('2021-01-01T00:00:00Z'), to: t('2021-02-01T00:00:00Z') },
      { from: t('2021-03-01T00:00:00Z'), to: t('2021-04-01T00:00:00Z') },
    ]);
    const daily = [span('2021-02-01T00:00:00Z', '2021-03-01T00:00:00Z', 27)];
    expect(coveredRanges(t('2021-01-01T00:00:00Z'), t('2021-04-01T00:00:00Z'), daily, '1d')).toHaveLength(1);
    expect(coveredRanges(null, null, [], '1h')).toEqual([]);
  });

  it('writes kinds into the listed gaps through their indexes', () => {
    const listed = [
      { after: 'a', before: 'b', missingBars: 9, kind: 'missing' as const },
      { after: 'c', before: 'd', missingBars: 2, kind: 'missing' as const },
    ];
    expect(applyGapKinds(listed, [1, 0], ['missing', 'outage']).map((g) => g.kind)).toEqual(['outage', 'missing']);
  });
});
