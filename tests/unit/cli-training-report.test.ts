import { describe, expect, it } from 'vitest';
import {
  formatBackend,
  formatEvaluationTable,
  formatRunsTable,
  formatSignedPercent,
  formatTrainingProgressLine,
  formatTrainingResult,
  trainingProgressKey,
  trainingResultJson,
} from '../../src/cli/training-report.js';
import { createPlainProgressReporter } from '../../src/cli/progress/progress-reporter.js';
import { formatModelDetail, formatModelsTable } from '../../src/cli/models-report.js';
import {
  Evaluation,
  type Job,
  ModelInfo,
  TrainingRun,
  type BackendChoice,
  type JobProgress,
  type PerformanceStats,
} from '../../src/shared/contract/index.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2021, 9, 1);

function stats(totalReturn: number, extra: Partial<PerformanceStats> = {}): PerformanceStats {
  return {
    totalReturn,
    sharpe: 0,
    sortino: 0,
    maxDrawdown: 0,
    trades: 0,
    feesPaid: 0,
    exposure: 0,
    bars: 300,
    ...extra,
  };
}

const policy = stats(0.0321, {
  sharpe: 1.234,
  sortino: 1.9,
  maxDrawdown: 0.052,
  trades: 1234,
  feesPaid: 0.0084,
  exposure: 0.61,
});
const evaluation: Evaluation = Evaluation.parse({
  series: [
    {
      symbol: 'BTCUSDT',
      market: 'crypto-spot',
      interval: '1h',
      from: T0,
      to: T0 + 30 * DAY,
      policy,
      buyAndHold: stats(-0.1, { sharpe: -0.8, sortino: -1.1, maxDrawdown: 0.2, trades: 1, exposure: 1 }),
      flat: stats(0),
    },
    {
      symbol: 'AAPL',
      market: 'stock',
      interval: '1h',
      from: T0,
      to: T0 + 60 * DAY,
      policy: stats(-0.005, { trades: 3 }),
      buyAndHold: stats(0.02, { trades: 1, exposure: 1 }),
      flat: stats(0),
    },
  ],
  overall: { policy, buyAndHold: stats(-0.04), flat: stats(0) },
});

const wasm: BackendChoice = {
  name: 'wasm',
  forced: false,
  attempts: [
    { name: 'tfjs-node-gpu', ok: false, reason: 'not installed (optional dependency)' },
    { name: 'tfjs-node', ok: false, reason: 'not installed (optional dependency)' },
    { name: 'wasm', ok: true, reason: 'selected' },
  ],
};

const run: TrainingRun = TrainingRun.parse({
  id: 3,
  jobId: 9,
  status: 'done',
  preset: 'quick',
  seed: 7,
  request: { preset: 'quick', seed: 7 },
  config: { numEnvs: 64 },
  backend: wasm,
  phase: 'register',
  phases: [],
  series: [
    {
      symbol: 'BTCUSDT',
      market: 'crypto-spot',
      interval: '1h',
      trainFrom: T0 - 100 * DAY,
      trainTo: T0 - DAY,
      testFrom: T0,
      testTo: T0 + 30 * DAY,
      trainBars: 2376,
      testBars: 720,
      purgeBars: 24,
    },
  ],
  evaluation,
  modelId: 5,
  checkpoint: { phase: 'ppo', iteration: 40 },
  error: null,
  createdAt: T0,
  endedAt: T0 + 252_000,
});

describe('training report', () => {
  it('signs returns so a loss never reads as a gain', () => {
    expect(formatSignedPercent(0.0321)).toBe('+3.21%');
    expect(formatSignedPercent(-0.005)).toBe('-0.50%');
    expect(formatSignedPercent(0)).toBe('0.00%');
    expect(formatSignedPercent(-0.00001)).toBe('0.00%');
    expect(formatSignedPercent(Number.NaN)).toBe('-');
  });

  it('shows policy, buy & hold and flat per series and overall, with every measure', () => {
    const lines = formatEvaluationTable(evaluation);
    expect(lines[0]).toMatch(/^Out-of-sample evaluation/);
    const table = lines.slice(1).map((l) => l.trim());
    expect(table[0].split(/\s{2,}/)).toEqual([
      'SERIES',
      'TEST WINDOW (UTC)',
      'STRATEGY',
      'RETURN',
      'SHARPE',
      'SORTINO',
      'MAX DD',
      'TRADES',
      'FEES',
      'EXPOSURE',
    ]);
    // 2 series + overall, three strategies each.
    expect(table).toHaveLength(1 + 9);
    expect(table[1].split(/\s{2,}/)).toEqual([
      'BTCUSDT 1h crypto-spot',
      '2021-10-01 → 2021-10-31',
      'policy',
      '+3.21%',
      '1.23',
      '1.90',
      '5.2%',
      '1,234',
      '0.84%',
      '61%',
    ]);
    expect(table[2].split(/\s{2,}/)).toEqual([
      'buy & hold',
      '-10.00%',
      '-0.80',
      '-1.10',
      '20.0%',
      '1',
      '0.00%',
      '100%',
    ]);
    expect(table[3].split(/\s{2,}/)[0]).toBe('flat');
    expect(table[4]).toMatch(/^AAPL 1h stock\s+2021-10-01 → 2021-11-30\s+policy\s+-0\.50%/);
    expect(table[7]).toMatch(/^overall\s+policy\s+\+3\.21%/);
  });

  it('names the backend and why the faster ones were skipped', () => {
    expect(formatBackend(wasm)).toBe(
      'Backend: wasm (auto; skipped tfjs-node-gpu: not installed (optional dependency), ' +
        'tfjs-node: not installed (optional dependency))',
    );
    expect(
      formatBackend({ name: 'cpu', forced: true, attempts: [{ name: 'cpu', ok: true, reason: 'selected' }] }),
    ).toBe('Backend: cpu (forced by --backend or Settings)');
    expect(formatBackend(null)).toMatch(/not chosen/);
  });

  it('reports a finished run with its model, backend, lineage and evaluation', () => {
    const lines = formatTrainingResult(run);
    expect(lines[0]).toBe(
      'Training run 3 done in 4m12s: model 5 registered (preset quick, seed 7). `tradelab models show 5` shows it again.',
    );
    expect(lines[1]).toMatch(/^Backend: wasm/);
    expect(lines).toContain('Series:');
    expect(
      lines.some((l) =>
        /BTCUSDT 1h crypto-spot\s+2021-06-23 → 2021-09-30\s+2,376\s+24 bars\s+2021-10-01/.test(l),
      ),
    ).toBe(true);
    expect(lines.some((l) => l.startsWith('Out-of-sample evaluation'))).toBe(true);
  });

  it('tells how to resume a cancelled or failed run, with the data dir given', () => {
    const cancelled = formatTrainingResult({
      ...run,
      status: 'cancelled',
      phase: 'ppo',
      modelId: null,
      evaluation: null,
    });
    expect(cancelled[0]).toBe('Training run 3 cancelled during ppo. Newest checkpoint: ppo iteration 40.');
    expect(cancelled[1]).toBe('Resume it from its newest checkpoint with: tradelab train resume 3');
    expect(cancelled.some((l) => l.startsWith('Out-of-sample'))).toBe(false);

    const failed = formatTrainingResult(
      { ...run, status: 'failed', phase: 'bc', checkpoint: null, error: 'No bars stored for XYZ.' },
      { dataDir: '/tmp/my lab' },
    );
    expect(failed[0]).toBe(
      'Training run 3 failed during bc: No bars stored for XYZ. Newest checkpoint: none yet.',
    );
    expect(failed[1]).toBe(
      'Resume it with: tradelab train resume 3 --data-dir "/tmp/my lab" ' +
        '(no checkpoint yet, so it starts again from the beginning)',
    );
  });

  it('names a checkpoint at the start of a phase as such', () => {
    const failed = formatTrainingResult({
      ...run,
      status: 'failed',
      phase: 'register',
      checkpoint: { phase: 'evaluate', iteration: 0 },
      error: 'ONNX differs',
    });
    expect(failed[0]).toBe(
      'Training run 3 failed during register: ONNX differs. Newest checkpoint: start of evaluate.',
    );
  });

  it('puts run id, model id, backend name and evaluation in the --json object', () => {
    const json = trainingResultJson(run);
    expect(json).toMatchObject({
      runId: 3,
      jobId: 9,
      status: 'done',
      modelId: 5,
      backend: 'wasm',
      error: null,
    });
    expect(json.evaluation).toEqual(evaluation);
    expect(json.backendAttempts.map((a) => a.name)).toEqual(['tfjs-node-gpu', 'tfjs-node', 'wasm']);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    expect(trainingResultJson({ ...run, backend: null }).backend).toBeNull();
  });

  it('shows phase and iteration before the bar and the backend after it', () => {
    const progress: JobProgress = {
      done: 245_760,
      total: 1_000_000,
      unit: 'env-steps',
      rate: 31_204,
      etaSeconds: 24,
      message: 'ppo iteration 12/45',
      detail: { training: { runId: 3, phase: 'ppo', iteration: 12, backend: 'wasm' } },
    };
    expect(formatTrainingProgressLine(progress, { withBar: true })).toBe(
      'ppo #12 [##--------] 245,760/1,000,000 env-steps  31,204 env-steps/s  ETA 24s  wasm',
    );
    expect(formatTrainingProgressLine(progress, { withBar: false, maxWidth: 20 })).toBe(
      'ppo #12 245,760/1,0…',
    );
    const { detail: _detail, ...plain } = progress;
    expect(formatTrainingProgressLine(plain, { withBar: false })).toBe(
      '245,760/1,000,000 env-steps  31,204 env-steps/s  ETA 24s  ppo iteration 12/45',
    );
    const bc = { ...progress, message: 'behaviour cloning: step 50' };
    bc.detail = { training: { runId: 3, phase: 'bc', iteration: 2, backend: 'wasm' } };
    expect(formatTrainingProgressLine(bc, { withBar: true })).toBe('bc #2 behaviour cloning: step 50  wasm');
  });

  it('writes a plain line per new phase or iteration, even while the step count stands still', () => {
    const written: string[] = [];
    const stream = { write: (text: string) => written.push(text) } as unknown as NodeJS.WritableStream;
    const reporter = createPlainProgressReporter(stream, formatTrainingProgressLine, trainingProgressKey);
    const job = (phase: string, iteration: number, done: number): Job =>
      ({
        progress: {
          done,
          total: 1000,
          unit: 'env-steps',
          rate: null,
          etaSeconds: null,
          message: `${phase} ${iteration}`,
          detail: { training: { runId: 3, phase, iteration, backend: 'wasm' } },
        },
      }) as Job;
    reporter.update(job('prepare', 0, 0));
    reporter.update(job('bc', 1, 0));
    reporter.update(job('bc', 1, 0));
    reporter.update(job('bc', 2, 0));
    reporter.update(job('ppo', 1, 128));
    expect(written).toEqual([
      'prepare #0 prepare 0  wasm\n',
      'bc #1 bc 1  wasm\n',
      'bc #2 bc 2  wasm\n',
      'ppo #1 128/1,000 env-steps  wasm\n',
    ]);
  });

  it('lists runs and names the resumable ones', () => {
    const lines = formatRunsTable([
      { ...run, id: 4, status: 'cancelled', modelId: null, evaluation: null },
      run,
    ]);
    expect(lines[0].split(/\s{2,}/)).toEqual([
      'RUN',
      'STATUS',
      'PRESET',
      'SEED',
      'PHASE',
      'CHECKPOINT',
      'BACKEND',
      'SERIES',
      'MODEL',
      'TEST RETURN',
      'CREATED (UTC)',
      'ERROR',
    ]);
    expect(lines[1]).toMatch(
      /^\s*4\s+cancelled\s+quick\s+7\s+register\s+ppo #40\s+wasm\s+BTCUSDT\s+-\s+-\s+2021-10-01 00:00$/,
    );
    expect(lines[2]).toMatch(/^\s*3\s+done .*\s5\s+\+3\.21%\s+2021-10-01 00:00$/);
    expect(lines.at(-1)).toBe('Resumable (4): tradelab train resume <run>');
    expect(formatRunsTable([])).toEqual([
      'No training runs yet. Start one with: tradelab train ppo --preset quick',
    ]);
  });
});

describe('models report', () => {
  const model: ModelInfo = ModelInfo.parse({
    id: 5,
    runId: 3,
    name: 'ppo-quick-7',
    kind: 'ppo-policy',
    createdAt: T0,
    featureSetVersion: 'observation@abc123',
    observationSize: 53,
    seed: 7,
    backend: 'wasm',
    codeVersion: '0.1.0+deadbeef',
    dataHash: 'f'.repeat(64),
    series: run.series,
    config: {
      preset: 'quick',
      ppo: { clip: 0.2, lr: 0.0001 / 3 },
      normalization: { BTCUSDT: { meanPrice: 1 } },
    },
    evaluation,
    onnxCheck: { maxAbsDiff: 3.1e-7, observations: 10_000 },
    files: { tfjs: 'models/5/tfjs/model.json', onnx: 'models/5/policy.onnx' },
    sizeBytes: 84_213,
  });

  it('lists models with their key out-of-sample measures', () => {
    const lines = formatModelsTable([
      model,
      { ...model, id: 6, series: [...model.series, { ...model.series[0], symbol: 'AAPL', market: 'stock' }] },
    ]);
    expect(lines[0].split(/\s{2,}/)).toEqual([
      'ID',
      'NAME',
      'CREATED (UTC)',
      'SERIES',
      'BACKEND',
      'TEST RETURN',
      'B&H RETURN',
      'SHARPE',
      'MAX DD',
      'TRADES',
      'ONNX Δ',
    ]);
    expect(lines[1].trim().split(/\s{2,}/)).toEqual([
      '5',
      'ppo-quick-7',
      '2021-10-01 00:00',
      'BTCUSDT',
      'wasm',
      '+3.21%',
      '-4.00%',
      '1.23',
      '5.2%',
      '1,234',
      '3.1e-7',
    ]);
    expect(lines[2]).toMatch(/BTCUSDT,AAPL/);
    expect(formatModelsTable([])[0]).toMatch(/^No models registered yet/);
  });

  it('shows a model’s lineage, files, ONNX check and evaluation', () => {
    const lines = formatModelDetail(model);
    expect(lines[0]).toBe(
      'Model 5 "ppo-quick-7" (ppo-policy), registered 2021-10-01 00:00 UTC by training run 3',
    );
    expect(lines).toContain(`Data hash (sha256 over the bar chunks used): ${'f'.repeat(64)}`);
    expect(lines).toContain('Files (84 kB): tfjs models/5/tfjs/model.json; ONNX models/5/policy.onnx');
    expect(lines).toContain('ONNX check: max |onnxruntime − tfjs| = 3.1e-7 over 10,000 real observations');
    expect(lines).toContain('  ppo: {"clip":0.2,"lr":0.0000333333}');
    expect(lines).toContain('  normalization: (fit on the train windows; --json prints it)');
    expect(lines.some((l) => l.startsWith('Out-of-sample evaluation'))).toBe(true);
  });
});
