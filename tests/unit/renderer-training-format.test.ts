import { describe, expect, it } from 'vitest';
import {
  ComputeBackendSetting,
  FetchBinanceParams,
  FetchYahooParams,
  type Job,
} from '../../src/shared/contract/index.js';
import { computeBackendChoices, computeBackendPatch } from '../../src/renderer/lib/compute-backend.js';
import { formatJobKind } from '../../src/renderer/lib/format.js';
import { hashArg, hashFor, parseHash } from '../../src/renderer/lib/hash-route.js';
import {
  defaultTrainingDownload,
  describeTrainingDownload,
} from '../../src/renderer/lib/training-download.js';
import {
  backendSummary,
  backendView,
  formatCompact,
  formatEstimate,
  formatMeasure,
  formatRatio,
  formatSignedPercent,
  formatWindow,
} from '../../src/renderer/lib/training-format.js';
import {
  canResume,
  jobRunId,
  runningTrainingBackends,
  shownRunId,
} from '../../src/renderer/lib/training-runs.js';
import type { TrainingRun } from '../../src/shared/contract/index.js';

describe('training formatting', () => {
  it('signs returns and keeps minus signs readable', () => {
    expect(formatSignedPercent(0.0523)).toBe('+5.2%');
    expect(formatSignedPercent(-0.3)).toBe('−30.0%');
    expect(formatSignedPercent(-0.00001)).toBe('0.0%');
    expect(formatSignedPercent(null)).toBe('—');
    expect(formatRatio(-0.404)).toBe('−0.40');
    expect(formatRatio(Number.NaN)).toBe('—');
  });

  it('shows training measures with four significant digits', () => {
    expect(formatMeasure(0.012345)).toBe('0.01235');
    expect(formatMeasure(1.23456)).toBe('1.235');
    expect(formatMeasure(12345.6)).toBe('12,346');
    expect(formatMeasure(3e-5)).toBe('3.00e-5');
    expect(formatMeasure(0)).toBe('0');
    expect(formatCompact(25_300)).toBe('25.3K');
    expect(formatEstimate(185)).toBe('about 3m 05s');
    expect(formatEstimate(null)).toBe('unknown');
  });

  it('shows a window with an exclusive end as its first and last UTC day', () => {
    expect(formatWindow(Date.UTC(2021, 0, 1), Date.UTC(2021, 9, 20))).toBe('2021-01-01 → 2021-10-19');
    expect(formatWindow(Date.UTC(2021, 0, 1, 5), Date.UTC(2021, 0, 1, 6))).toBe('2021-01-01 → 2021-01-01');
  });

  it('says which backend a run took and why the faster ones were skipped', () => {
    const view = backendView({
      name: 'wasm',
      forced: false,
      attempts: [
        { name: 'tfjs-node-gpu', ok: false, reason: 'not installed (optional dependency)' },
        { name: 'tfjs-node', ok: false, reason: 'not installed (optional dependency)' },
        { name: 'wasm', ok: true, reason: 'selected' },
      ],
    });
    expect(view.label).toBe('WebAssembly (tfjs wasm)');
    expect(view.how).toBe('chosen automatically');
    expect(view.skipped.map((s) => s.name)).toEqual(['tfjs-node-gpu', 'tfjs-node']);
    expect(backendView({ name: 'cpu', forced: true, attempts: [] }).how).toMatch(/forced/);
  });

  it('names the training job kind', () => {
    expect(formatJobKind('train-ppo')).toBe('Train PPO');
  });
});

const run = (id: number, status: TrainingRun['status']) => ({ id, status }) as TrainingRun;

function trainJob(
  id: number,
  status: Job['status'],
  training?: { runId: number; backend: string | null },
): Job {
  return {
    id,
    kind: 'train-ppo',
    params: { runId: 40 + id, request: { preset: 'quick' } },
    status,
    progress: training
      ? {
          done: 1,
          total: 10,
          unit: 'env steps',
          rate: null,
          etaSeconds: null,
          detail: { training: { ...training, phase: 'ppo', iteration: 3 } },
        }
      : null,
    error: null,
    summary: null,
    issues: [],
    createdAt: '2024-01-01T00:00:00.000Z',
    startedAt: null,
    endedAt: null,
    attempts: 1,
  };
}

describe('training runs and jobs', () => {
  it('shows the picked run, else the newest still going, else the newest', () => {
    const runs = [run(9, 'done'), run(8, 'running'), run(7, 'failed')];
    expect(shownRunId(runs, 7)).toBe(7);
    expect(shownRunId(runs, null)).toBe(8);
    expect(shownRunId(runs, 99)).toBe(8); // a picked run that is gone
    expect(shownRunId([run(9, 'done'), run(7, 'failed')], null)).toBe(9);
    expect(shownRunId([], null)).toBeNull();
  });

  it('offers resume only for runs that stopped before the end', () => {
    expect(
      ['cancelled', 'failed', 'interrupted'].every((s) => canResume(run(1, s as TrainingRun['status']))),
    ).toBe(true);
    expect(['queued', 'running', 'done'].some((s) => canResume(run(1, s as TrainingRun['status'])))).toBe(
      false,
    );
  });

  it('finds the run of a train job from its progress, else its params', () => {
    expect(jobRunId(trainJob(1, 'running', { runId: 5, backend: 'wasm' }))).toBe(5);
    expect(jobRunId(trainJob(2, 'queued'))).toBe(42);
    expect(jobRunId({ ...trainJob(3, 'queued'), kind: 'fetch-binance' })).toBeNull();
  });

  it('lists the backend of each running training job for the status bar', () => {
    const jobs = [
      trainJob(1, 'running', { runId: 5, backend: 'wasm' }),
      trainJob(2, 'running', { runId: 6, backend: null }), // not chosen yet
      trainJob(3, 'done', { runId: 7, backend: 'cpu' }),
    ];
    expect(runningTrainingBackends(jobs)).toEqual([{ jobId: 1, runId: 5, backend: 'wasm' }]);
  });
});

describe('default training download', () => {
  it('is the 1h top-10 Binance preset and 1h Yahoo bars of the stock tickers, valid lab calls', () => {
    const download = defaultTrainingDownload(new Date('2026-03-15T10:00:00Z'), ['AAPL', 'SPY'], 4);
    const binance = FetchBinanceParams.parse(download.binance);
    expect(binance).toMatchObject({ interval: '1h', market: 'spot', from: '2024-03-15', to: '2026-03-15' });
    expect(binance.symbols).toContain('BTCUSDT');
    expect(binance.concurrency).toBe(4);
    const yahoo = FetchYahooParams.parse(download.yahoo);
    expect(yahoo).toMatchObject({ tickers: ['AAPL', 'SPY'], interval: '1h' });
    expect(describeTrainingDownload(download)).toMatch(
      /Binance coins, 1h, 2024-03-15 → 2026-03-15; AAPL, SPY 1h/,
    );
    expect(defaultTrainingDownload(new Date('2026-03-15T10:00:00Z'), [], null).yahoo).toBeNull();
  });
});

describe('compute backend setting and routes', () => {
  it('offers every backend setting, auto first', () => {
    expect(computeBackendChoices.map((c) => c.value)).toEqual(ComputeBackendSetting.options);
    expect(computeBackendChoices[0].value).toBe('auto');
  });

  it('saves a change, clears the stored value when going back to auto, and nothing when unchanged', () => {
    expect(computeBackendPatch('auto', 'wasm')).toBe('wasm');
    expect(computeBackendPatch('wasm', 'auto')).toBeNull();
    expect(computeBackendPatch('cpu', 'cpu')).toBeUndefined();
  });

  it('reads a page and its argument from the hash', () => {
    const pages = ['data', 'training', 'models'] as const;
    expect(parseHash('#/models/12', pages, 'data')).toEqual({ page: 'models', arg: '12' });
    expect(parseHash('#/training', pages, 'data')).toEqual({ page: 'training', arg: null });
    expect(parseHash('#/nope/3', pages, 'data')).toEqual({ page: 'data', arg: null });
    expect(hashArg(hashFor('models', 7))).toBe('7');
    expect(hashFor('models')).toBe('#/models');
  });
});

describe('backend summary for the status bar', () => {
  it('names the skipped backends and keeps the reasons for the tooltip', () => {
    const summary = backendSummary({
      name: 'wasm',
      forced: false,
      attempts: [
        { name: 'tfjs-node-gpu', ok: false, reason: 'no CUDA GPU answered' },
        { name: 'tfjs-node', ok: false, reason: 'not installed (optional dependency)' },
        { name: 'wasm', ok: true, reason: 'selected' },
      ],
    });
    expect(summary.skipped).toBe('tfjs-node-gpu, tfjs-node');
    expect(summary.title).toBe(
      'Training runs on WebAssembly (tfjs wasm), chosen automatically. Skipped: tfjs-node-gpu: no CUDA GPU answered; tfjs-node: not installed (optional dependency).',
    );
    expect(
      backendSummary({ name: 'cpu', forced: true, attempts: [{ name: 'cpu', ok: true, reason: 'forced' }] })
        .skipped,
    ).toBe('');
  });
});
