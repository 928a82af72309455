import { describe, expect, it } from 'vitest';
import type { Evaluation, ModelInfo, PerformanceStats } from '../../src/shared/contract/index.js';
import {
  compareRows,
  configLines,
  lineageFacts,
  modelHeadline,
  seriesSummary,
} from '../../src/renderer/lib/model-view.js';
import { bestStrategy, evaluationGroups, statColumns } from '../../src/renderer/lib/training-eval.js';

const stats = (over: Partial<PerformanceStats>): PerformanceStats => ({
  totalReturn: 0,
  sharpe: 0,
  sortino: 0,
  maxDrawdown: 0,
  trades: 0,
  feesPaid: 0,
  exposure: 0,
  bars: 100,
  ...over,
});

const flat = stats({});
const evaluation: Evaluation = {
  overall: {
    policy: stats({
      totalReturn: 0.08,
      sharpe: 1.2,
      maxDrawdown: 0.05,
      trades: 14,
      feesPaid: 0.004,
      exposure: 0.4,
      bars: 200,
    }),
    buyAndHold: stats({
      totalReturn: 0.12,
      sharpe: 0.9,
      maxDrawdown: 0.2,
      trades: 1,
      exposure: 1,
      bars: 200,
    }),
    flat: stats({ bars: 200 }),
  },
  series: [
    {
      symbol: 'BTCUSDT',
      market: 'crypto-spot',
      interval: '1h',
      from: Date.UTC(2021, 9, 20),
      to: Date.UTC(2022, 0, 1),
      policy: stats({ totalReturn: 0.1 }),
      buyAndHold: stats({ totalReturn: 0.1 }),
      flat,
    },
    {
      symbol: 'AAPL',
      market: 'stock',
      interval: '1h',
      from: Date.UTC(2024, 0, 2),
      to: Date.UTC(2024, 2, 1),
      policy: stats({ totalReturn: -0.02 }),
      buyAndHold: stats({ totalReturn: -0.05 }),
      flat,
    },
  ],
};

const column = (key: (typeof statColumns)[number]['key']) => statColumns.find((c) => c.key === key)!;

describe('evaluation table', () => {
  it('shows overall first, then each series with its hold-out window (end exclusive)', () => {
    const groups = evaluationGroups(evaluation);
    expect(groups.map((g) => g.key)).toEqual(['overall', 'BTCUSDT|crypto-spot|1h', 'AAPL|stock|1h']);
    expect(groups[0]).toMatchObject({ title: 'All series', window: null, bars: 200, market: null });
    expect(groups[1]).toMatchObject({
      title: 'BTCUSDT 1h',
      window: '2021-10-20 → 2021-12-31',
      market: 'crypto-spot',
    });
    expect(groups[2].comparison.buyAndHold.totalReturn).toBe(-0.05);
  });

  it('has a column for each measure the issue names', () => {
    expect(statColumns.map((c) => c.key)).toEqual([
      'totalReturn',
      'sharpe',
      'sortino',
      'maxDrawdown',
      'trades',
      'feesPaid',
      'exposure',
    ]);
    expect(column('totalReturn').format(0.0523)).toBe('+5.2%');
    expect(column('maxDrawdown').format(0.2)).toBe('20.0%');
    expect(column('feesPaid').format(0.004)).toBe('0.40%');
  });

  it('marks the best strategy per measure in its direction, and none on ties or for neutral measures', () => {
    expect(bestStrategy(evaluation.overall, column('totalReturn'))).toBe('buyAndHold');
    expect(bestStrategy(evaluation.overall, column('sharpe'))).toBe('policy');
    expect(bestStrategy(evaluation.overall, column('maxDrawdown'))).toBe('flat'); // lower is better
    expect(bestStrategy(evaluation.overall, column('trades'))).toBeNull();
    const tie = evaluation.series[0];
    expect(bestStrategy(tie, column('totalReturn'))).toBeNull();
  });
});

function model(
  id: number,
  policyReturn: number,
  holdReturn: number,
  over: Partial<ModelInfo> = {},
): ModelInfo {
  return {
    id,
    runId: id + 100,
    name: `ppo-${id}`,
    kind: 'ppo-policy',
    createdAt: Date.UTC(2024, 5, id),
    featureSetVersion: 'observation@abc123',
    observationSize: 53,
    seed: 7,
    backend: 'wasm',
    codeVersion: '0.1.0+deadbee',
    dataHash: 'f'.repeat(64),
    series: [
      {
        symbol: 'BTCUSDT',
        market: 'crypto-spot',
        interval: '1h',
        trainFrom: Date.UTC(2021, 0, 1),
        trainTo: Date.UTC(2021, 9, 1),
        testFrom: Date.UTC(2021, 9, 3),
        testTo: Date.UTC(2022, 0, 1),
        trainBars: 6500,
        testBars: 2100,
        purgeBars: 48,
      },
    ],
    config: { numEnvs: 64, schedule: { ppoEnvSteps: 200_000 }, preset: 'quick' },
    evaluation: {
      overall: {
        policy: stats({ totalReturn: policyReturn, sharpe: policyReturn * 10, maxDrawdown: 0.1 }),
        buyAndHold: stats({ totalReturn: holdReturn }),
        flat: stats({}),
      },
      series: [],
    },
    onnxCheck: { maxAbsDiff: 3.2e-7, observations: 10_000 },
    files: { tfjs: 'models/1/tfjs/model.json', onnx: 'models/1/policy.onnx' },
    sizeBytes: 40_960,
    ...over,
  };
}

describe('models: headline, comparison, lineage', () => {
  it('reads the policy edge over buy-and-hold from the overall evaluation', () => {
    const h = modelHeadline(model(1, 0.05, 0.08));
    expect(h.policyReturn).toBe(0.05);
    expect(h.buyAndHoldReturn).toBe(0.08);
    expect(h.edge).toBeCloseTo(-0.03, 12);
  });

  it('compares models side by side and marks the best per measure', () => {
    const models = [model(1, 0.05, 0.08), model(2, 0.09, 0.08), model(3, 0.09, 0.02)];
    const rows = compareRows(models);
    const row = (key: string) => rows.find((r) => r.key === key)!;
    expect(row('policy.totalReturn').texts).toEqual(['+5.0%', '+9.0%', '+9.0%']);
    expect(row('policy.totalReturn').best).toEqual([1, 2]);
    expect(row('edge.buyAndHold').texts).toEqual(['−3.0%', '+1.0%', '+7.0%']);
    expect(row('edge.buyAndHold').best).toEqual([2]);
    // Equal everywhere: nothing to mark.
    expect(row('policy.maxDrawdown').best).toEqual([]);
    expect(row('backend').texts[0]).toBe('WebAssembly (tfjs wasm)');
    expect(row('onnx').texts[0]).toBe('3.2e-7');
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
  });

  it('names the series, the first few then how many more', () => {
    expect(seriesSummary([{ symbol: 'BTCUSDT' }, { symbol: 'ETHUSDT' }, { symbol: 'BTCUSDT' }])).toBe(
      'BTCUSDT, ETHUSDT',
    );
    expect(
      seriesSummary(
        ['A', 'B', 'C', 'D', 'E', 'F'].map((symbol) => ({ symbol })),
        4,
      ),
    ).toBe('A, B, C, D +2 more');
  });

  it('gives the lineage with the ONNX check against its 1e-5 bound', () => {
    const facts = Object.fromEntries(lineageFacts(model(1, 0, 0)).map((f) => [f.label, f.value]));
    expect(facts['Data hash']).toBe('f'.repeat(64));
    expect(facts['Code version']).toBe('0.1.0+deadbee');
    expect(facts['Training run']).toBe('#101');
    expect(facts['ONNX check']).toBe(
      'max |onnxruntime − tfjs| = 3.20e-7 over 10,000 observations (within 1e-5)',
    );
    const off = lineageFacts(model(1, 0, 0, { onnxCheck: { maxAbsDiff: 2e-4, observations: 10_000 } }));
    expect(off.find((f) => f.label === 'ONNX check')!.value).toMatch(/ABOVE the 1e-5 bound/);
  });

  it('lists the config sorted, nested values as JSON', () => {
    expect(configLines({ numEnvs: 64, schedule: { ppoEnvSteps: 200_000 }, preset: 'quick' })).toEqual([
      { key: 'numEnvs', value: '64' },
      { key: 'preset', value: 'quick' },
      { key: 'schedule', value: '{"ppoEnvSteps":200000}' },
    ]);
  });
});
