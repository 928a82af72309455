import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QualityReport } from '../../src/shared/contract/index.js';
import { dataPath, tempDir } from '../helpers/paths.js';
import { assertCliBuilt, lastJson, runCli } from '../helpers/run-cli.js';

// Runs the built CLI as a user does: `node bin/tradelab.js quality …` (needs `npm run build:node`).
const MONTHLY_1H = dataPath('binance/spot/monthly/klines-csv');

const dirs: string[] = [];
function freshDir(): string {
  const dir = tempDir('tradelab-quality-cli-');
  dirs.push(dir);
  return dir;
}

beforeAll(assertCliBuilt);
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('tradelab quality without data', () => {
  it('says how to get data and exits 0', async () => {
    const run = await runCli(['quality', '--data-dir', freshDir()]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('tradelab fetch binance');
    expect(run.stdout).toContain('tradelab import');
  });

  it('with --json prints an empty array as the last line and the advice on stderr', async () => {
    const run = await runCli(['quality', '--data-dir', freshDir(), '--json']);
    expect(run.code).toBe(0);
    expect(lastJson(run.stdout)).toEqual([]);
    expect(run.stderr).toContain('tradelab import');
  });

  it('rejects an unknown interval, naming it, with exit 1', async () => {
    const run = await runCli(['quality', '--data-dir', freshDir(), '--interval', '7m']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('"7m"');
    expect(run.stdout).toBe('');
  });
});

describe('tradelab quality on real BTCUSDT and ETHUSDT 1h files', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = freshDir();
    const imported = await runCli(['import', MONTHLY_1H, '--data-dir', dataDir]);
    expect(imported.code, imported.stderr).toBe(0);
  });

  it('--json prints every report as one JSON array on the last line', async () => {
    const run = await runCli(['quality', '--data-dir', dataDir, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const reports = QualityReport.array().parse(lastJson(run.stdout));
    expect(reports.map((r) => `${r.symbol} ${r.interval}`)).toEqual(['BTCUSDT 1h', 'ETHUSDT 1h']);
    const [btc, eth] = reports;
    expect(btc).toMatchObject({
      bars: 43_261,
      misaligned: 43,
      gapCount: 29,
      missingBars: 7_471,
      trainable: true,
    });
    expect(btc.gaps[1]).toEqual({
      after: '2018-02-08T00:00:00.000Z',
      before: '2018-02-09T09:28:14.789Z',
      missingBars: 32,
      kind: 'missing',
    });
    const outages = (r: QualityReport) =>
      r.gaps
        .filter((g) => g.kind === 'outage')
        .map((g) => g.after)
        .sort();
    expect(outages(btc)).toEqual(['2021-02-11T03:00:00.000Z', '2021-03-06T01:00:00.000Z']);
    expect(outages(eth)).toEqual(['2021-02-11T03:00:00.000Z', '2021-03-06T01:00:00.000Z']);
  });

  it('prints a table and the longest gaps of the series asked for', async () => {
    const run = await runCli(['quality', '--data-dir', dataDir, '--symbol', 'ethusdt', '--interval', '1h']);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SYMBOL\s+MARKET\s+INTERVAL\s+BARS\s+COMPLETE\s+GAPS/);
    expect(lines[1].split(/\s{2,}/)).toEqual([
      'ETHUSDT',
      'crypto-spot',
      '1h',
      '4,366',
      '49.84%',
      '3 (2 outage)',
      '4,394',
      '0',
      '0',
      '0',
      'yes',
    ]);
    expect(run.stdout).not.toContain('BTCUSDT');
    expect(run.stdout).toContain('2021-03-31 23:00 → 2021-10-01 00:00  4,392 bars missing  missing');
    expect(run.stdout).toContain('2021-02-11 03:00 → 2021-02-11 05:00       1 bar missing  outage');
  });

  it('says so when nothing stored matches the filter, exit 0', async () => {
    const run = await runCli(['quality', '--data-dir', dataDir, '--symbol', 'SOLUSDT']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('No stored bars of SOLUSDT');
    expect(run.stdout).toContain('tradelab coverage');
  });
});
