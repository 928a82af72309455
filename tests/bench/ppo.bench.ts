/**
 * PPO benchmarks on real series (BTCUSDT, ETHUSDT 1h 2021 and AAPL 1h, stored in a temp data dir,
 * loaded with loadTrainingSeries, stepped by the product's VecEnv):
 *
 * 1. The policy update alone — samples/s over epochs × minibatches of one PPO update of the
 *    53-64-64 policy with per-market heads — for the product's fused pass (PpoTrainer) and for the
 *    plain tfjs autodiff version (ppo-autodiff-reference.ts: tf.variableGrads + tf.train.adam), on
 *    the wasm and cpu backends, against PyTorch's CPU build on one thread running the same network,
 *    batch and epochs (tests/bench/ppo_torch_reference.py; Debian's python3-torch). The runs are
 *    interleaved round by round, so a change in machine load hits all of them alike.
 * 2. PPO end to end — env-steps/s of PpoTrainer.iterate (rollout with act() every step, GAE,
 *    update) on the VecEnv, per backend (wasm, cpu, tfjs-node when installed), for the Quick and
 *    Full presets' rollout shapes. The issue's target is ≥ 25k env-steps/s on wasm.
 *
 * Prints numbers; asserts nothing about speed.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { useBackend } from '../../src/core/compute/select-backend.js';
import { tf } from '../../src/core/compute/tfjs.js';
import { PolicyNetwork } from '../../src/core/learn/policy-network.js';
import { defaultPolicySpec } from '../../src/core/learn/policy-spec.js';
import { ReferencePpoUpdater, type ReferenceMinibatch } from '../../src/core/learn/ppo-autodiff-reference.js';
import { defaultPpoConfig, PpoTrainer, type PpoConfig } from '../../src/core/learn/ppo-trainer.js';
import { loadTrainingSeries } from '../../src/core/sim/dataset.js';
import { defaultEnvConfig } from '../../src/core/sim/env-config.js';
import { DEFAULT_ORACLE_HORIZON } from '../../src/core/sim/hindsight-oracle.js';
import { Rng } from '../../src/core/sim/rng.js';
import type { SeriesWindow } from '../../src/core/sim/training-series.js';
import { VecEnv } from '../../src/core/sim/vec-env.js';
import { openDatabase } from '../../src/core/store/open-database.js';
import type { ComputeBackendName } from '../../src/shared/contract/training.js';
import { tempDir } from '../helpers/paths.js';
import { storeTrainingSeries } from '../helpers/training-data.js';
import type { BenchLine, BenchSection } from './ingest.bench.js';
import { defaultRepeats, perSecond, summarise } from './timing.js';

export const TARGET_PPO_ENV_STEPS_PER_SECOND = 25_000;

/** The update benchmark's shape: the Full preset's rollout (64 envs × 256 steps), 4 epochs of 4096. */
const UPDATE_ENVS = 64;
const UPDATE_CONFIG: PpoConfig = {
  ...defaultPpoConfig,
  rolloutSteps: 256,
  epochs: 4,
  minibatchSize: 4096,
  targetKl: null,
};
const UPDATE_SAMPLES = UPDATE_ENVS * UPDATE_CONFIG.rolloutSteps;

/** Rollout shapes of the presets (src/core/training/presets.ts). */
const SHAPES = [
  { name: 'Quick', envs: 32, config: { ...defaultPpoConfig, rolloutSteps: 128, minibatchSize: 1024 } },
  { name: 'Full', envs: 64, config: { ...defaultPpoConfig, rolloutSteps: 256, minibatchSize: 4096 } },
] as const;

export interface PpoBenchReport {
  sections: BenchSection[];
}

export async function runPpoBenchmarks(log: (line: string) => void = () => {}): Promise<PpoBenchReport> {
  log('storing BTCUSDT, ETHUSDT and AAPL 1h for the PPO benchmark …');
  const dataDir = tempDir('tradelab-ppo-bench-');
  const initialBackend = tf.getBackend();
  try {
    const windows = await loadTrainWindows(dataDir);
    const names = [...new Set(windows.map((w) => w.series.symbol))].join(', ');
    const bars = windows.reduce((s, w) => s + (w.end - w.start), 0);
    const data = `train windows of ${names} 1h (${bars.toLocaleString('en-US')} bars)`;
    const update = await updateSection(windows, data, log);
    const endToEnd = await endToEndSection(windows, data, log);
    return { sections: [update, endToEnd] };
  } finally {
    if (initialBackend) await tf.setBackend(initialBackend);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// 1. The update alone

async function updateSection(windows: SeriesWindow[], data: string, log: (line: string) => void) {
  const repeats = defaultRepeats();
  const torch = await startTorchReference(log);
  const torchMs: number[] = [];
  const lines: BenchLine[] = [];
  const rates: Record<string, number> = {};
  try {
    for (const backend of ['wasm', 'cpu'] as const) {
      await useBackend(backend);
      // cpu is ~10–50× slower: fewer rounds, and the autodiff version times one epoch only.
      const rounds = backend === 'cpu' ? Math.min(repeats, 2) : repeats;
      const autodiffEpochs = backend === 'cpu' ? 1 : UPDATE_CONFIG.epochs;
      log(
        `PPO update on ${backend}: fused vs tfjs autodiff${torch ? ' vs PyTorch' : ''}, ${rounds} rounds …`,
      );

      const network = new PolicyNetwork(defaultPolicySpec, new Rng(1));
      const trainer = new PpoTrainer(network, UPDATE_CONFIG, new Rng(2));
      const env = new VecEnv(windows, UPDATE_ENVS, defaultEnvConfig, new Rng(3));
      const autodiff = new AutodiffUpdate(network, new Rng(4));
      await trainer.iterate(env); // warm-up (first xnn operators, JIT)
      autodiff.update(1);
      const fusedMs: number[] = [];
      const autodiffMs: number[] = [];
      for (let round = 0; round < rounds; round++) {
        fusedMs.push((await trainer.iterate(env)).updateMs);
        autodiffMs.push(autodiff.update(autodiffEpochs));
        if (torch && backend === 'wasm') torchMs.push(await torch.run());
      }
      autodiff.dispose();
      trainer.dispose();
      network.dispose();
      rates[`fused ${backend}`] = perSecond(
        UPDATE_CONFIG.epochs * UPDATE_SAMPLES,
        summarise(fusedMs).medianMs,
      );
      rates[`autodiff ${backend}`] = perSecond(
        autodiffEpochs * UPDATE_SAMPLES,
        summarise(autodiffMs).medianMs,
      );
    }
  } finally {
    torch?.close();
  }

  const torchRate =
    torchMs.length > 0 ? perSecond(UPDATE_CONFIG.epochs * UPDATE_SAMPLES, summarise(torchMs).medianMs) : null;
  for (const backend of ['wasm', 'cpu'] as const) {
    const fused = rates[`fused ${backend}`];
    const autodiff = rates[`autodiff ${backend}`];
    lines.push({
      name: `fused update (PpoTrainer), ${backend}`,
      value: fused,
      unit: 'samples/s',
      ...(torchRate ? { ratio: fused / torchRate, against: 'PyTorch' } : {}),
      note: `×${(fused / autodiff).toFixed(1)} vs tfjs autodiff on ${backend}`,
    });
    lines.push({
      name: `tfjs autodiff update, ${backend}`,
      value: autodiff,
      unit: 'samples/s',
      ...(torchRate ? { ratio: autodiff / torchRate, against: 'PyTorch' } : {}),
    });
  }
  lines.push(
    torch && torchRate
      ? {
          name: `PyTorch ${torch.version} CPU, 1 thread`,
          value: torchRate,
          unit: 'samples/s',
          note: 'same net, batch and epochs (tests/bench/ppo_torch_reference.py)',
        }
      : {
          name: 'PyTorch reference',
          value: NaN,
          unit: 'samples/s',
          note: 'not measured: PyTorch is not installed (python3 -c "import torch" fails; Debian: apt-get install python3-torch)',
        },
  );
  return {
    title:
      `PPO policy update, 53-64-64 tanh MLP with per-market heads: ${UPDATE_CONFIG.epochs} epochs × ` +
      `${UPDATE_SAMPLES / UPDATE_CONFIG.minibatchSize} minibatches of ${UPDATE_CONFIG.minibatchSize} ` +
      `(rollouts of ${UPDATE_ENVS} envs × ${UPDATE_CONFIG.rolloutSteps} steps on ${data}); samples/s = ` +
      'epochs × samples / update time; target: within 2× of PyTorch',
    lines,
  };
}

/**
 * The plain tfjs version of the same update: minibatches of the same size (random data of the
 * same shapes, gathered contiguously beforehand so its time is only the update), one
 * ReferencePpoUpdater.step each.
 */
class AutodiffUpdate {
  private readonly updater: ReferencePpoUpdater;
  private readonly batches: ReferenceMinibatch[] = [];

  constructor(network: PolicyNetwork, rng: Rng) {
    const { spec } = network;
    this.updater = new ReferencePpoUpdater(
      spec,
      network.getWeights(),
      UPDATE_CONFIG.learningRate,
      UPDATE_CONFIG,
    );
    const b = UPDATE_CONFIG.minibatchSize;
    for (let k = 0; k < UPDATE_SAMPLES / b; k++) {
      const obs = Float32Array.from({ length: b * spec.obsSize }, () => rng.normal());
      const oneHot = new Float32Array(b * spec.actions);
      for (let r = 0; r < b; r++) {
        obs[r * spec.obsSize + spec.marketTypeIndex] = rng.next() < 0.7 ? 1 : 0;
        oneHot[r * spec.actions + rng.int(spec.actions)] = 1;
      }
      const column = (f: () => number) => tf.tensor2d(Float32Array.from({ length: b }, f), [b, 1]);
      this.batches.push({
        x: tf.tensor2d(obs, [b, spec.obsSize]),
        actionsOneHot: tf.tensor2d(oneHot, [b, spec.actions]),
        oldLogProbs: column(() => -1.1 + 0.1 * rng.normal()),
        advantages: column(() => rng.normal()),
        returns: column(() => rng.normal()),
      });
    }
  }

  /** Runs `epochs` passes over the minibatches; returns the milliseconds taken. */
  update(epochs: number): number {
    const start = performance.now();
    for (let e = 0; e < epochs; e++) {
      for (const batch of this.batches) this.updater.step(batch).dispose();
    }
    return performance.now() - start;
  }

  dispose(): void {
    this.updater.dispose();
    for (const b of this.batches) tf.dispose(Object.values(b));
  }
}

// ---------------------------------------------------------------------------------------------
// 2. End to end

async function endToEndSection(windows: SeriesWindow[], data: string, log: (line: string) => void) {
  const lines: BenchLine[] = [];
  const skipped: string[] = [];
  for (const backend of ['wasm', 'cpu', 'tfjs-node'] as ComputeBackendName[]) {
    try {
      await useBackend(backend);
    } catch (err) {
      skipped.push(`${backend}: ${(err as Error).message.split('\n')[0]}`);
      continue;
    }
    for (const shape of SHAPES) {
      // cpu: the Full shape only, and fewer iterations (an update takes seconds there).
      if (backend === 'cpu' && shape.name === 'Quick') continue;
      const iterations = backend === 'cpu' ? 2 : Math.max(3, defaultRepeats());
      log(`PPO end to end on ${backend}, ${shape.name} shape, ${iterations} iterations …`);
      const network = new PolicyNetwork(defaultPolicySpec, new Rng(1));
      const trainer = new PpoTrainer(network, shape.config, new Rng(2));
      const env = new VecEnv(windows, shape.envs, defaultEnvConfig, new Rng(3));
      await trainer.iterate(env); // warm-up
      let steps = 0;
      let rolloutMs = 0;
      let updateMs = 0;
      const start = performance.now();
      for (let i = 0; i < iterations; i++) {
        const stats = await trainer.iterate(env);
        steps += stats.envSteps;
        rolloutMs += stats.rolloutMs;
        updateMs += stats.updateMs;
      }
      const wallMs = performance.now() - start;
      trainer.dispose();
      network.dispose();
      const rate = perSecond(steps, wallMs);
      const share = (ms: number) => `${Math.round((100 * ms) / wallMs)}%`;
      lines.push({
        name: `PPO iterate, ${backend}, ${shape.name} (${shape.envs} envs × ${shape.config.rolloutSteps})`,
        value: rate,
        unit: 'env-steps/s',
        ratio: rate / TARGET_PPO_ENV_STEPS_PER_SECOND,
        against: 'the 25k target',
        note:
          `rollout ${share(rolloutMs)}, update ${share(updateMs)} (${shape.config.epochs} epochs × ` +
          `minibatch ${shape.config.minibatchSize})` +
          (backend === 'wasm' && rate < TARGET_PPO_ENV_STEPS_PER_SECOND ? '; below the 25k target' : ''),
      });
    }
  }
  for (const s of skipped) {
    lines.push({
      name: `PPO iterate, ${s.split(':')[0]}`,
      value: NaN,
      unit: 'env-steps/s',
      note: `skipped: ${s}`,
    });
  }
  return {
    title: `PPO end to end (rollout with act() per step + GAE + update) on the VecEnv over ${data}, per backend`,
    lines,
  };
}

// ---------------------------------------------------------------------------------------------
// Data and the PyTorch process

async function loadTrainWindows(dataDir: string): Promise<SeriesWindow[]> {
  const stored = storeTrainingSeries(dataDir);
  const db = openDatabase(dataDir);
  try {
    const windows: SeriesWindow[] = [];
    for (const s of stored) {
      const row = db.prepare(`SELECT id, market FROM instruments WHERE symbol = ?`).get(s.symbol) as {
        id: number;
        market: SeriesWindow['series']['market'];
      };
      const split = await loadTrainingSeries(
        db,
        { instrumentId: row.id, symbol: s.symbol, market: row.market, interval: s.interval },
        { holdoutFraction: 0.2, validationFraction: 0.1, purgeBars: DEFAULT_ORACLE_HORIZON },
      );
      windows.push(split.train);
    }
    return windows;
  } finally {
    db.close();
  }
}

interface TorchReference {
  version: string;
  /** Times one update in the Python process; resolves to its milliseconds. */
  run(): Promise<number>;
  close(): void;
}

/** Python interpreters to try, in order (TRADELAB_PYTHON first when set). */
function pythonCandidates(): string[] {
  return [process.env.TRADELAB_PYTHON, 'python3', '/usr/bin/python3'].filter(
    (p, i, all): p is string => !!p && all.indexOf(p) === i,
  );
}

function torchScript(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // From tests/bench (jiti, vitest) or out/node/tests/bench (npm run bench), or the cwd.
  const candidates = [
    path.join(here, 'ppo_torch_reference.py'),
    path.resolve(here, '../../../../tests/bench/ppo_torch_reference.py'),
    path.resolve('tests/bench/ppo_torch_reference.py'),
  ];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`ppo_torch_reference.py not found (looked in ${candidates.join(', ')})`);
  return found;
}

/** Starts the reference in serve mode, or returns null (and says why) when PyTorch is missing. */
async function startTorchReference(log: (line: string) => void): Promise<TorchReference | null> {
  const python = pythonCandidates().find(
    (p) => spawnSync(p, ['-c', 'import torch'], { stdio: 'ignore', timeout: 60_000 }).status === 0,
  );
  if (!python) {
    log('PyTorch is not installed (python3 -c "import torch" fails): no PyTorch reference');
    return null;
  }
  const child: ChildProcessWithoutNullStreams = spawn(
    python,
    [
      torchScript(),
      '--serve',
      `--samples=${UPDATE_SAMPLES}`,
      `--minibatch=${UPDATE_CONFIG.minibatchSize}`,
      `--epochs=${UPDATE_CONFIG.epochs}`,
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<Record<string, unknown>> => {
    const line = await lines.next();
    if (line.done) throw new Error(`PyTorch reference exited: ${stderr.trim().split('\n').pop() ?? ''}`);
    return JSON.parse(line.value) as Record<string, unknown>;
  };
  const ready = await next();
  log(`PyTorch ${String(ready.torch)} (${python}) on ${String(ready.threads)} thread`);
  return {
    version: String(ready.torch),
    run: async () => {
      child.stdin.write('run\n');
      return Number((await next()).ms);
    },
    close: () => {
      child.stdin.end();
    },
  };
}

// `node out/node/tests/bench/ppo.bench.js` (or jiti tests/bench/ppo.bench.ts) runs this file alone.
if (process.argv[1]?.endsWith('ppo.bench.js') || process.argv[1]?.endsWith('ppo.bench.ts')) {
  const report = await runPpoBenchmarks((line) => process.stderr.write(`  … ${line}\n`));
  for (const section of report.sections) {
    console.log('');
    console.log(section.title);
    for (const line of section.lines) {
      const value = Number.isFinite(line.value) ? `${(line.value / 1e3).toFixed(1)} k` : '—';
      console.log(
        `  ${line.name.padEnd(56)}${value.padStart(9)} ${line.unit}` +
          (line.ratio !== undefined ? `  (×${line.ratio.toFixed(2)} vs ${line.against})` : '') +
          (line.note ? `  ${line.note}` : ''),
      );
    }
  }
}
