/**
 * Trading environment benchmarks on real series: VecEnv env-steps per second on one core (the
 * issue's target is ≥ 5M), for a few env counts, with domain randomisation on and a sticky random
 * policy whose actions are drawn before the clock starts (the policy's cost is not the env's).
 * Also the deterministic walk (evaluation) and the hindsight oracle, per bar.
 *
 * Series: BTCUSDT and ETHUSDT 1h 2021 (Binance spot, with the exchange's outages) and AAPL 1h
 * (yfinance regular sessions), stored in a temp data dir and loaded with loadTrainingSeries.
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { runPolicyDeterministic } from '../../src/core/sim/deterministic-run.js';
import { loadTrainingSeries, type SeriesSplit } from '../../src/core/sim/dataset.js';
import { defaultEnvConfig } from '../../src/core/sim/env-config.js';
import { DEFAULT_ORACLE_HORIZON, oraclePlan } from '../../src/core/sim/hindsight-oracle.js';
import { Rng } from '../../src/core/sim/rng.js';
import { VecEnv } from '../../src/core/sim/vec-env.js';
import { openDatabase } from '../../src/core/store/open-database.js';
import { tempDir } from '../helpers/paths.js';
import { storeTrainingSeries } from '../helpers/training-data.js';
import type { BenchLine, BenchSection } from './ingest.bench.js';
import { defaultRepeats, measure, perSecond, summarise } from './timing.js';

export const TARGET_ENV_STEPS_PER_SECOND = 5e6;

/** Env-steps per timed run of each line. */
const STEPS_PER_RUN = 4_000_000;
/** Distinct action batches cycled through (drawn before timing). */
const ACTION_BATCHES = 64;

export interface SimBenchReport {
  sections: BenchSection[];
}

export async function runSimBenchmarks(log: (line: string) => void = () => {}): Promise<SimBenchReport> {
  log('storing BTCUSDT, ETHUSDT and AAPL 1h for the simulation benchmark …');
  const dataDir = tempDir('tradelab-sim-bench-');
  try {
    const splits = await loadSplits(dataDir);
    const trainWindows = splits.map((s) => s.train);
    const totalBars = trainWindows.reduce((sum, w) => sum + (w.end - w.start), 0);
    const lines: BenchLine[] = [];
    for (const numEnvs of [16, 256, 4096]) {
      log(`VecEnv with ${numEnvs} envs …`);
      const env = new VecEnv(trainWindows, numEnvs, defaultEnvConfig, new Rng(1));
      const actions = stickyRandomActions(numEnvs, new Rng(2));
      const steps = Math.max(1, Math.round(STEPS_PER_RUN / numEnvs));
      const timing = measure({
        run: () => {
          for (let i = 0; i < steps; i++) env.step(actions[i % ACTION_BATCHES]);
        },
      });
      const rate = perSecond(steps * numEnvs, timing.medianMs);
      lines.push({
        name: `VecEnv.step, ${numEnvs} envs`,
        value: rate,
        unit: 'env-steps/s',
        ratio: rate / TARGET_ENV_STEPS_PER_SECOND,
        against: 'the 5M target',
        note: rate >= TARGET_ENV_STEPS_PER_SECOND ? '' : 'below the 5M env-steps/s target',
      });
    }

    log('deterministic walk and oracle …');
    const flat = new Int32Array(trainWindows.length).fill(1);
    const walkMs = await medianAsyncMs(() =>
      runPolicyDeterministic(trainWindows, () => flat, defaultEnvConfig),
    );
    lines.push({
      name: 'runPolicyDeterministic (flat policy, per bar)',
      value: perSecond(totalBars, walkMs),
      unit: 'bars/s',
    });
    const oracle = measure({
      run: () => {
        for (const w of trainWindows)
          oraclePlan(w, { horizon: DEFAULT_ORACLE_HORIZON, costs: defaultEnvConfig.costs, allowShort: true });
      },
    });
    lines.push({
      name: 'oraclePlan (per bar)',
      value: perSecond(totalBars, oracle.medianMs),
      unit: 'bars/s',
    });

    const names = splits.map((s) => `${s.series.symbol} ${s.series.interval}`).join(', ');
    return {
      sections: [
        {
          title:
            `Trading environment on one core, train windows of ${names} (${totalBars.toLocaleString('en-US')} bars), ` +
            `randomised costs and delay, ${(STEPS_PER_RUN / 1e6).toFixed(0)}M env-steps per run`,
          lines,
        },
      ],
    };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function loadSplits(dataDir: string): Promise<SeriesSplit[]> {
  const stored = storeTrainingSeries(dataDir);
  const db = openDatabase(dataDir);
  try {
    const splits: SeriesSplit[] = [];
    for (const s of stored) {
      const row = db.prepare(`SELECT id, market FROM instruments WHERE symbol = ?`).get(s.symbol) as {
        id: number;
        market: SeriesSplit['series']['market'];
      };
      splits.push(
        await loadTrainingSeries(
          db,
          { instrumentId: row.id, symbol: s.symbol, market: row.market, interval: s.interval },
          { holdoutFraction: 0.2, validationFraction: 0.1, purgeBars: DEFAULT_ORACLE_HORIZON },
        ),
      );
    }
    return splits;
  } finally {
    db.close();
  }
}

/** Median of timed runs of async work (measure() times synchronous work only). */
async function medianAsyncMs(work: () => Promise<unknown>): Promise<number> {
  await work();
  const samples: number[] = [];
  for (let i = 0; i < defaultRepeats(); i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  return summarise(samples).medianMs;
}

/** Batches of actions where each env keeps its last action 80% of the time (positions are held a while). */
function stickyRandomActions(numEnvs: number, rng: Rng): Int32Array[] {
  const batches: Int32Array[] = [];
  let last = Int32Array.from({ length: numEnvs }, () => rng.int(3));
  for (let b = 0; b < ACTION_BATCHES; b++) {
    const next = Int32Array.from(last, (a) => (rng.next() < 0.2 ? rng.int(3) : a));
    batches.push(next);
    last = next;
  }
  return batches;
}

// `node out/node/tests/bench/sim.bench.js` runs this file alone.
if (process.argv[1]?.endsWith('sim.bench.js') || process.argv[1]?.endsWith('sim.bench.ts')) {
  const report = await runSimBenchmarks((line) => process.stderr.write(`  … ${line}\n`));
  for (const section of report.sections) {
    console.log(section.title);
    for (const line of section.lines)
      console.log(
        `  ${line.name.padEnd(48)}${(line.value / 1e6).toFixed(2).padStart(8)} M ${line.unit}` +
          (line.ratio !== undefined ? `  (×${line.ratio.toFixed(2)} vs ${line.against})` : '') +
          (line.note ? `  ${line.note}` : ''),
      );
  }
}
