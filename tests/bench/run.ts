/**
 * Benchmark entry: `npm run bench` (or `node out/node/tests/bench/run.js` after `npm run build:node`).
 * Prints throughput and ratios against a reference measured in the same run (ingest, downloads,
 * feature kernels against the talib binding, feature matrices and the feature cache), then the trading
 * environment (env-steps/s on one core), the PPO update against PyTorch and PPO end to end per backend.
 * Asserts nothing about speed; it fails only when the data is missing or a benchmark stores the wrong
 * number of bars.
 *
 * BENCH_REPEATS=N changes the timed runs per line (default 5, median reported).
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { runDownloadBenchmarks } from './download.bench.js';
import { runFeatureBenchmarks } from './features.bench.js';
import { runIngestBenchmarks, type BenchLine, type BenchSection } from './ingest.bench.js';
import { runPpoBenchmarks } from './ppo.bench.js';
import { runSimBenchmarks } from './sim.bench.js';
import { defaultRepeats, formatMs, formatRatio, formatSi } from './timing.js';

const TARGET_BARS_PER_SECOND = 3e6;
const NAME_WIDTH = 46;

function formatLine(line: BenchLine): string {
  // A benchmark that could not run (a backend not installed) has no number; its note says why.
  const value = (Number.isFinite(line.value) ? `${formatSi(line.value)} ${line.unit}` : '-').padStart(16);
  const extra = (line.extra ?? '').padStart(12);
  const ratio =
    line.ratio !== undefined ? `  (${formatRatio(line.ratio)} vs ${line.against ?? 'reference'})` : '';
  const note = line.note ? `  ${line.note}` : '';
  return `  ${line.name.padEnd(NAME_WIDTH)}${value}${extra}${ratio}${note}`;
}

function printSections(sections: BenchSection[]): void {
  for (const section of sections) {
    console.log('');
    console.log(section.title);
    for (const line of section.lines) console.log(formatLine(line));
  }
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
}

async function main(): Promise<void> {
  const started = performance.now();
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `Tradelab benchmarks — node ${process.version}, ${os.cpus().length} cores (${cpu}), ${os.platform()}/${os.arch()}`,
  );
  console.log(
    `median of ${defaultRepeats()} timed runs after 1 warm-up, product and reference interleaved; ` +
      'ratio = product speed / reference speed (×2 = twice as fast)',
  );
  console.log(
    `load average before: ${loadAverage()} (a busy machine lowers every number; the ratios hold better)`,
  );

  const report = runIngestBenchmarks((msg) => process.stderr.write(`  … ${msg}\n`));
  console.log(`data: ${report.dataDir}`);
  for (const section of report.sections) {
    console.log('');
    console.log(section.title);
    for (const line of section.lines) console.log(formatLine(line));
  }

  console.log('');
  console.log(
    'Where importKlineFile spends its time (a replica of its steps with a stopwatch per stage, same files, median per stage):',
  );
  for (const s of report.stages) {
    const share = `${(s.share * 100).toFixed(0)}%`.padStart(5);
    console.log(
      `  ${s.stage.padEnd(NAME_WIDTH)}${formatMs(s.ms).padStart(10)}  ${share} of ingest  ${`${formatSi(s.barsPerSecond)} bars/s alone`.padStart(20)}`,
    );
  }

  const downloads = await runDownloadBenchmarks((msg) => process.stderr.write(`  … ${msg}\n`));
  console.log('');
  console.log(downloads.title);
  for (const line of downloads.lines) console.log(formatLine(line));

  const features = await runFeatureBenchmarks((msg) => process.stderr.write(`  … ${msg}\n`));
  for (const section of features.sections) {
    console.log('');
    console.log(section.title);
    for (const line of section.lines) console.log(formatLine(line));
  }
  console.log('');
  for (const line of features.summary) console.log(line);

  const progress = (msg: string) => process.stderr.write(`  … ${msg}\n`);
  printSections((await runSimBenchmarks(progress)).sections);
  printSections((await runPpoBenchmarks(progress)).sections);

  const rate = report.ingestBarsPerSecond;
  const met = rate >= TARGET_BARS_PER_SECOND;
  console.log('');
  console.log(
    `ingest from disk (the raw cache holds the same archives): ${(rate / 1e6).toFixed(2)} M bars/s (target ≥ 3M bars/s on one core) — ` +
      (met ? 'met' : `not met, ${formatRatio(TARGET_BARS_PER_SECOND / rate).slice(1)}× short`),
  );
  console.log(
    `(whole run ${((performance.now() - started) / 1000).toFixed(1)} s, load average after: ${loadAverage()})`,
  );
}

main().then(
  () => process.exit(),
  (err: unknown) => {
    console.error(`benchmark failed: ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
  },
);
