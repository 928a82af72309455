import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OBSERVATION_SET } from '../../src/core/features/feature-sets/index.js';
import { resolveFeatureSet } from '../../src/core/features/feature-sets/feature-set.js';
import { fitNormalization } from '../../src/core/features/normalization/normalization-stats.js';
import {
  buildObservation,
  buildObservations,
  OBSERVATION_SIZE,
  observationNames,
} from '../../src/core/features/observation/observation-builder.js';
import {
  FLAT,
  OBSERVATION_COLUMNS,
  OBSERVATION_FEATURES,
  type ObservationBar,
} from '../../src/core/features/observation/observation-features.js';
import { featureRegistry } from '../../src/core/features/registry/default-registry.js';
import { featureProbes } from '../helpers/feature-probes.js';
import { observationColumns, trendFollowingPositions } from '../helpers/observation-inputs.js';
import { repoRoot } from '../helpers/paths.js';

const doc = fs.readFileSync(path.join(repoRoot, 'docs/observation.md'), 'utf8');

/** The rows of the doc's table: `| # | \`name\` | formula | [lo, hi] | fill |`. */
function documentedRows() {
  const minus = (s: string) => Number(s.replace('−', '-'));
  return doc
    .split('\n')
    .filter((line) => /^\|\s*\d+\s*\|/.test(line))
    .map((line) => {
      const cells = line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim().replace(/\\\|/g, '|'));
      const range = /^\[(.+), (.+)\]$/.exec(cells[3]);
      return {
        index: Number(cells[0]),
        name: cells[1].replace(/`/g, ''),
        formula: cells[2],
        range: range ? [minus(range[1]), minus(range[2])] : null,
        fill: minus(cells[4]),
      };
    });
}

const probes = featureProbes();

describe('observation table (docs/observation.md)', () => {
  it('lists exactly the builder’s 53 features, in order, with their formulas, ranges and fills', () => {
    const rows = documentedRows();
    expect(OBSERVATION_SIZE).toBe(53);
    expect(rows.map((r) => r.index)).toEqual(OBSERVATION_FEATURES.map((_, i) => i + 1));
    expect(rows.map((r) => r.name)).toEqual(observationNames());
    rows.forEach((row, i) => {
      const f = OBSERVATION_FEATURES[i];
      expect(row.formula, f.name).toBe(f.formula);
      expect(row.range, f.name).toEqual([...f.range]);
      expect(row.fill, f.name).toBe(f.fill);
    });
    expect(observationNames().slice(50)).toEqual(['market_type', 'normalized_volatility', 'is_market_open']);
    expect(new Set(observationNames()).size).toBe(53);
  });

  it('reads only registry columns that exist (the observation feature set)', () => {
    const set = resolveFeatureSet(OBSERVATION_SET, featureRegistry());
    expect(set.columns).toEqual([...OBSERVATION_COLUMNS]);
  });
});

describe('observations on real series', () => {
  const built = probes.map((probe) => {
    const { bars } = probe.input;
    const columns = observationColumns(probe.input);
    // Fit on the first half (the "training window"), observe the whole series.
    const stats = fitNormalization(bars, bars.time[0], bars.time[Math.floor(bars.time.length / 2)]);
    const positions = trendFollowingPositions(bars.close, columns, -0.5);
    const env = { market: probe.input.market, stats };
    const obs = buildObservations(bars, columns, env, (i) => positions[i]);
    return { probe, columns, env, positions, obs };
  });

  it.each(built.map((b) => [b.probe.label, b] as const))(
    '%s: every value is finite and inside its documented range',
    (_label, { probe, obs }) => {
      const n = probe.input.bars.time.length;
      expect(obs.length).toBe(n * 53);
      OBSERVATION_FEATURES.forEach((f, k) => {
        for (let i = 0; i < n; i++) {
          const v = obs[i * 53 + k];
          if (!(Number.isFinite(v) && v >= f.range[0] && v <= f.range[1]))
            throw new Error(`${f.name} at bar ${i} is ${v}, outside [${f.range[0]}, ${f.range[1]}]`);
        }
      });
    },
  );

  it('gives every feature more than one value over the probes (none is a constant)', () => {
    OBSERVATION_FEATURES.forEach((f, k) => {
      const seen = new Set<number>();
      for (const { obs } of built) for (let i = k; i < obs.length && seen.size < 2; i += 53) seen.add(obs[i]);
      expect(seen.size, f.name).toBeGreaterThan(1);
    });
  });

  it('puts stocks and crypto on comparable scales (the z-scored return and ATR distances)', () => {
    const spread = (obs: Float64Array, name: string) => {
      const k = observationNames().indexOf(name);
      const values: number[] = [];
      for (let i = k; i < obs.length; i += 53) values.push(Math.abs(obs[i]));
      values.sort((a, b) => a - b);
      return values[Math.floor(values.length / 2)];
    };
    for (const name of ['log_return_z', 'close_sma_20_atr', 'body_atr', 'rsi_14_c']) {
      const medians = built.map((b) => spread(b.obs, name));
      // Within 4× of each other across BTC 1h, perpetual 1h, LINK 1m, SPY and AAPL minutes.
      expect(Math.max(...medians) / Math.min(...medians), `${name}: ${medians.join(', ')}`).toBeLessThan(4);
    }
  });

  it('builds one bar alike (the paper trader’s path) and position state moves only the position values', () => {
    const { probe, columns, env, positions, obs } = built[0];
    const i = Math.floor(probe.input.bars.time.length * 0.7);
    const bar = { time: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 } as ObservationBar;
    for (const name of ['time', 'open', 'high', 'low', 'close', 'volume'] as const)
      bar[name] = probe.input.bars[name][i];
    for (const c of OBSERVATION_COLUMNS) bar[c] = columns[c][i];
    const one = buildObservation(bar, positions[i], env, new Float64Array(53));
    expect(Array.from(one)).toEqual(Array.from(obs.subarray(i * 53, (i + 1) * 53)));

    const flat = buildObservation(bar, FLAT, env, new Float64Array(53));
    const long = buildObservation(
      bar,
      { position: 1, entryPrice: bar.close - 2 * bar.atr_14, barsInPosition: 9 },
      env,
      new Float64Array(53),
    );
    const changed = observationNames().filter((_, k) => !Object.is(flat[k], long[k]));
    expect(changed).toEqual(['position', 'unrealized_pnl_atr', 'time_in_position']);
    expect(long[observationNames().indexOf('unrealized_pnl_atr')]).toBeCloseTo(2, 12);
    expect(long[observationNames().indexOf('time_in_position')]).toBeCloseTo(
      Math.log(10) / Math.log(1001),
      12,
    );
  });

  it('fills warm-up and missing context with the documented neutral values', () => {
    const { obs } = built[0]; // BTCUSDT spot: no funding, no OI, no news
    const at = (i: number, name: string) => obs[i * 53 + observationNames().indexOf(name)];
    expect(at(0, 'close_sma_50_atr')).toBe(0);
    expect(at(0, 'resistance_atr')).toBe(10);
    expect(at(100, 'funding_rate_x1000')).toBe(0);
    expect(at(100, 'has_news')).toBe(0);
    expect(at(100, 'market_type')).toBe(1);
    expect(built[3].obs[100 * 53 + observationNames().indexOf('market_type')]).toBe(0);
  });
});
