import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelInfo, TrainingRun } from '../../src/shared/contract/index.js';
import type { TrainingResultJson } from '../../src/cli/training-report.js';
import { tempDir, repoRoot } from '../helpers/paths.js';
import { assertCliBuilt, cliBin, lastJson, runCli, type CliRun } from '../helpers/run-cli.js';
import { storeTrainingSeries } from '../helpers/training-data.js';

/**
 * `tradelab train` and `tradelab models` as a user runs them (the built CLI in a child process,
 * the training job in its own job host), on real bars: the last 1,500 hours of BTCUSDT and ETHUSDT
 * 2021 (Binance) and of AAPL (yfinance). No GPU and no tfjs-node here, so auto picks wasm.
 */

const TRAINING_TIMEOUT_MS = 600_000;

let dataDir: string;

beforeAll(() => {
  assertCliBuilt();
  dataDir = tempDir('tradelab-train-cli-');
  const stored = storeTrainingSeries(dataDir, { maxBars: 1500 });
  expect(stored.map((s) => s.symbol)).toEqual(['BTCUSDT', 'ETHUSDT', 'AAPL']);
});

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** Runs the CLI and sends Ctrl-C once stderr shows the first PPO iteration (BC has ended, a checkpoint exists). */
function runCliInterrupted(args: string[]): Promise<CliRun & { signalled: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliBin, ...args], {
      cwd: repoRoot,
      env: { ...process.env, TRADELAB_HOME: '', TRADELAB_DEBUG: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      // A progress line starts with the phase and iteration, e.g. "ppo #1 …".
      if (!signalled && /^ppo #[1-9]\d* /m.test(stderr)) {
        signalled = true;
        child.kill('SIGINT');
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, signalled }));
  });
}

describe('tradelab train / models', () => {
  let result: TrainingResultJson;

  it(
    'trains the quick preset on crypto and stock bars and prints one JSON object last',
    async () => {
      const run = await runCli([
        'train',
        'ppo',
        '--preset',
        'quick',
        '--seed',
        '7',
        '--json',
        '--data-dir',
        dataDir,
      ]);
      expect(run.stderr).not.toMatch(/tradelab: .*failed/);
      expect(run.code).toBe(0);
      result = lastJson<TrainingResultJson>(run.stdout);
      expect(result.status).toBe('done');
      expect(result.runId).toBeGreaterThan(0);
      expect(result.modelId).toBeGreaterThan(0);
      expect(result.backend).toBe('wasm');
      expect(result.backendAttempts.find((a) => a.name === 'wasm')?.ok).toBe(true);
      // Progress went to stderr, phase and iteration first; stdout holds only the result.
      expect(run.stderr).toMatch(/^ppo #\d+ /m);
      expect(run.stdout.trim().split('\n')).toHaveLength(1);

      const evaluation = result.evaluation!;
      const markets = new Set(evaluation.series.map((s) => s.market));
      expect(markets).toEqual(new Set(['crypto-spot', 'stock']));
      for (const s of [...evaluation.series, evaluation.overall]) {
        for (const stats of [s.policy, s.buyAndHold, s.flat]) {
          for (const v of [stats.totalReturn, stats.sharpe, stats.sortino, stats.maxDrawdown, stats.feesPaid])
            expect(Number.isFinite(v)).toBe(true);
          expect(stats.bars).toBeGreaterThan(0);
        }
        // Flat never trades and never pays; buy-and-hold is always in the market.
        expect(s.flat).toMatchObject({ totalReturn: 0, trades: 0, feesPaid: 0, exposure: 0 });
        expect(s.buyAndHold.exposure).toBeGreaterThan(0.9);
      }
    },
    TRAINING_TIMEOUT_MS,
  );

  it('lists the run and the registered model, and shows its lineage and evaluation', async () => {
    expect(result, 'the training test above must pass first').toBeDefined();
    const runs = await runCli(['train', 'runs', '--json', '--data-dir', dataDir]);
    expect(runs.code).toBe(0);
    const listed = lastJson<TrainingRun[]>(runs.stdout).find((r) => r.id === result.runId);
    expect(listed).toMatchObject({ status: 'done', modelId: result.modelId, seed: 7, preset: 'quick' });

    const models = await runCli(['models', '--json', '--data-dir', dataDir]);
    expect(models.code).toBe(0);
    const model = lastJson<ModelInfo[]>(models.stdout).find((m) => m.id === result.modelId);
    expect(model).toBeDefined();
    expect(model).toMatchObject({ runId: result.runId, seed: 7, backend: 'wasm', observationSize: 53 });
    expect(new Set(model!.series.map((s) => s.symbol))).toEqual(new Set(['BTCUSDT', 'ETHUSDT', 'AAPL']));
    expect(model!.onnxCheck.maxAbsDiff).toBeLessThanOrEqual(1e-5);
    expect(fs.existsSync(path.resolve(dataDir, model!.files.onnx))).toBe(true);

    const table = await runCli(['models', '--data-dir', dataDir]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(
      new RegExp(`^\\s*${result.modelId}\\s+\\S+\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\s+`, 'm'),
    );

    const shown = await runCli(['models', 'show', String(result.modelId), '--data-dir', dataDir]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`Model ${result.modelId} `);
    expect(shown.stdout).toContain('ONNX check: max |onnxruntime − tfjs|');
    expect(shown.stdout).toMatch(/^\s+AAPL 1h stock\s+\d{4}-\d\d-\d\d → /m);
    expect(shown.stdout).toMatch(/^\s+overall\s+policy\s+[-+]?\d/m);
  });

  it('deletes the model with its files, and says so when there is none', async () => {
    expect(result, 'the training test above must pass first').toBeDefined();
    const before = lastJson<ModelInfo[]>((await runCli(['models', '--json', '--data-dir', dataDir])).stdout);
    const model = before.find((m) => m.id === result.modelId)!;

    const deleted = await runCli(['models', 'delete', String(result.modelId), '--data-dir', dataDir]);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toContain(`Deleted model ${result.modelId}`);
    const after = lastJson<ModelInfo[]>((await runCli(['models', '--json', '--data-dir', dataDir])).stdout);
    expect(after.map((m) => m.id)).not.toContain(result.modelId);
    expect(fs.existsSync(path.resolve(dataDir, model.files.onnx))).toBe(false);

    const again = await runCli(['models', 'delete', String(result.modelId), '--data-dir', dataDir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`No model ${result.modelId} to delete`);
  });

  it(
    'cancels on Ctrl-C, says how to resume, and `train resume` finishes the run',
    async () => {
      const cancelled = await runCliInterrupted([
        'train',
        'ppo',
        '--preset',
        'quick',
        '--seed',
        '11',
        '--data-dir',
        dataDir,
      ]);
      expect(cancelled.signalled).toBe(true);
      expect(cancelled.code).toBe(130);
      expect(cancelled.stderr).toContain('Cancelling the training');
      const runId = Number(/Training run (\d+) cancelled/.exec(cancelled.stdout)?.[1]);
      expect(runId).toBeGreaterThan(0);
      // Cancelled during PPO: the checkpoint written at the cancel is where the run continues.
      expect(cancelled.stdout).toMatch(/cancelled during ppo\. Newest checkpoint: ppo iteration [1-9]\d*\./);
      expect(cancelled.stdout).toContain(
        `from its newest checkpoint with: tradelab train resume ${runId} --data-dir`,
      );

      const resumed = await runCli(['train', 'resume', String(runId), '--json', '--data-dir', dataDir]);
      expect(resumed.code).toBe(0);
      const json = lastJson<TrainingResultJson>(resumed.stdout);
      expect(json).toMatchObject({ runId, status: 'done', backend: 'wasm' });
      expect(json.modelId).toBeGreaterThan(0);
    },
    TRAINING_TIMEOUT_MS * 2,
  );

  it('refuses bad options with exit status 2 and names the flag', async () => {
    const run = await runCli([
      'train',
      'ppo',
      '--from',
      '2022-01-01',
      '--to',
      '2021-01-01',
      '--data-dir',
      dataDir,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"from" must not be after "to"');
    const badDate = await runCli(['train', 'ppo', '--from', '2021-13-40', '--data-dir', dataDir]);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('--from');
  });
});
