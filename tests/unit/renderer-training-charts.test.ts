import { describe, expect, it } from 'vitest';
import type { TrainingMetric, TrainingPhase } from '../../src/shared/contract/index.js';
import {
  chartPoints,
  latestValues,
  phaseMarks,
  trainingCharts,
  type ChartSpec,
} from '../../src/renderer/lib/training-charts.js';

const T0 = Date.UTC(2024, 0, 1);

function metric(
  phase: TrainingPhase,
  iteration: number,
  secondsIn: number,
  values: Partial<TrainingMetric> = {},
) {
  const m: TrainingMetric = {
    phase,
    iteration,
    envSteps: iteration * 1000,
    time: T0 + secondsIn * 1000,
    envStepsPerSec: null,
    meanEpisodeReward: null,
    policyLoss: null,
    valueLoss: null,
    entropy: null,
    approxKl: null,
    clipFraction: null,
    accuracy: null,
    validationSharpe: null,
    learningRate: null,
    ...values,
  };
  return m;
}

const spec = (id: ChartSpec['id']) => trainingCharts.find((c) => c.id === id)!;

describe('training chart points', () => {
  it('puts every measure the issue asks for on a chart', () => {
    const keys = trainingCharts.flatMap((c) => c.series.map((s) => s.key));
    expect(keys.sort()).toEqual(
      ['approxKl', 'entropy', 'envStepsPerSec', 'meanEpisodeReward', 'policyLoss', 'valueLoss'].sort(),
    );
  });

  it('uses seconds since the first metric as x, oldest first, and drops rows without the chart measures', () => {
    const metrics = [
      metric('ppo', 2, 30, { meanEpisodeReward: 0.5 }),
      metric('bc', 1, 0, { policyLoss: 1.1, accuracy: 0.4 }), // BC has no episode reward
      metric('ppo', 1, 20, { meanEpisodeReward: -0.25 }),
    ];
    expect(chartPoints(metrics, spec('reward'))).toEqual([
      { t: 20, phase: 'ppo', meanEpisodeReward: -0.25 },
      { t: 30, phase: 'ppo', meanEpisodeReward: 0.5 },
    ]);
    const losses = chartPoints(metrics, spec('losses'));
    expect(losses).toEqual([{ t: 0, phase: 'bc', policyLoss: 1.1, valueLoss: null }]);
  });

  it('averages long runs into at most maxPoints buckets, never across a phase change', () => {
    const metrics = [
      ...Array.from({ length: 5 }, (_, i) => metric('bc', i, i, { policyLoss: 10 })),
      ...Array.from({ length: 8 }, (_, i) => metric('ppo', i, 10 + i, { policyLoss: i, valueLoss: i * 2 })),
    ];
    const points = chartPoints(metrics, spec('losses'), 4); // 13 rows → buckets of 4
    // bc: 4 + 1 (cut at the phase change); ppo: 4 + 4.
    expect(points.map((p) => p.phase)).toEqual(['bc', 'bc', 'ppo', 'ppo']);
    expect(points[0]).toEqual({ t: 3, phase: 'bc', policyLoss: 10, valueLoss: null });
    expect(points[1]).toEqual({ t: 4, phase: 'bc', policyLoss: 10, valueLoss: null });
    expect(points[2]).toEqual({ t: 13, phase: 'ppo', policyLoss: 1.5, valueLoss: 3 });
    expect(points[3]).toEqual({ t: 17, phase: 'ppo', policyLoss: 5.5, valueLoss: 11 });
  });

  it('ignores non-finite values when averaging', () => {
    const metrics = [
      metric('ppo', 0, 0, { entropy: 1, approxKl: Number.NaN }),
      metric('ppo', 1, 1, { entropy: 0.5, approxKl: 0.02 }),
    ];
    expect(chartPoints(metrics, spec('entropy-kl'), 1)).toEqual([
      { t: 1, phase: 'ppo', entropy: 0.75, approxKl: 0.02 },
    ]);
  });

  it('has no points for no metrics', () => {
    expect(chartPoints([], spec('speed'))).toEqual([]);
  });
});

describe('phase marks and latest values', () => {
  const metrics = [
    metric('bc', 0, 0, { policyLoss: 1, accuracy: 0.5 }),
    metric('bc', 1, 5, { policyLoss: 0.8, accuracy: 0.6 }),
    metric('ppo', 0, 12, { meanEpisodeReward: 0.1, envStepsPerSec: 30_000, learningRate: 3e-4 }),
    metric('ppo', 1, 20, { meanEpisodeReward: 0.3, envStepsPerSec: null }),
  ];

  it('marks where each phase began on the time axis, leaving out spans outside the metrics', () => {
    const marks = phaseMarks(metrics, [
      { phase: 'prepare', startedAt: T0 - 4000, endedAt: T0 },
      { phase: 'bc', startedAt: T0, endedAt: T0 + 10_000 },
      { phase: 'ppo', startedAt: T0 + 11_000, endedAt: null },
    ]);
    expect(marks).toEqual([
      { t: 0, phase: 'bc' },
      { t: 11, phase: 'ppo' },
    ]);
    expect(phaseMarks([], [{ phase: 'bc', startedAt: T0, endedAt: null }])).toEqual([]);
  });

  it('takes the newest reported value of each measure, and the last row for phase and steps', () => {
    const latest = latestValues(metrics);
    expect(latest.phase).toBe('ppo');
    expect(latest.iteration).toBe(1);
    expect(latest.envSteps).toBe(1000);
    expect(latest.meanEpisodeReward).toBe(0.3);
    expect(latest.envStepsPerSec).toBe(30_000); // the last row did not report it
    expect(latest.accuracy).toBe(0.6);
    expect(latest.valueLoss).toBeNull();
    expect(latestValues([]).phase).toBeNull();
  });
});
