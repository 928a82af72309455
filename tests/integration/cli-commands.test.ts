import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dataPath } from '../helpers/paths.js';
import { assertCliBuilt, cliBin, runCli } from '../helpers/run-cli.js';

// These tests run the built CLI exactly as a user does: `node bin/tradelab.js …` in a child process.
const spotDaily1m = dataPath('binance/spot/daily/klines/BTCUSDT/1m');
const spotMonthly1h = dataPath('binance/spot/monthly/klines-csv/BTCUSDT/1h');

const tempDirs: string[] = [];
async function freshDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tradelab-cli-'));
  tempDirs.push(dir);
  return dir;
}

beforeAll(() => {
  assertCliBuilt();
  if (!existsSync(spotDaily1m))
    throw new Error(`Shared test data is missing at ${spotDaily1m}: check out ../shared beside the repo.`);
});

afterEach(async () => {
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('tradelab CLI: help and errors', () => {
  it('prints top-level help listing the commands', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const command of ['import', 'coverage', 'serve']) expect(run.stdout).toContain(command);
  });

  it.each([
    ['import', ['<path...>', '--market', '--json', '--data-dir']],
    ['coverage', ['--json', '--data-dir']],
    ['serve', ['--port', '--host', '--data-dir']],
  ])('prints help for %s', async (command, expected) => {
    const run = await runCli([command, '--help']);
    expect(run.code).toBe(0);
    for (const text of expected) expect(run.stdout).toContain(text);
  });

  it('names a bad data dir and what to do, in one line without a stack', async () => {
    const dir = await freshDir();
    const aFile = path.join(dir, 'not-a-folder');
    await writeFile(aFile, 'x');
    const run = await runCli(['coverage', '--data-dir', path.join(aFile, 'lab')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`Cannot use data dir "${path.join(aFile, 'lab')}"`);
    expect(run.stderr).toContain('--data-dir');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects an invalid --market value', async () => {
    const run = await runCli(['import', spotDaily1m, '--market', 'moon', '--data-dir', await freshDir()]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('moon');
  });

  it('says how to build when the compiled CLI is missing', async () => {
    const fakeCheckout = await freshDir();
    await mkdir(path.join(fakeCheckout, 'bin'));
    await copyFile(cliBin, path.join(fakeCheckout, 'bin', 'tradelab.js'));
    const run = await runCli(['--help'], { bin: path.join(fakeCheckout, 'bin', 'tradelab.js') });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Tradelab is not built yet: run `npm run build` (see README)');
  });
});

describe('tradelab CLI: import and coverage on real Binance archives', () => {
  it('imports three daily 1m archives and reports their coverage', async () => {
    const dataDir = await freshDir();
    const imported = await runCli(['import', spotDaily1m, '--json', '--data-dir', dataDir]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);

    const lines = imported.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const events = lines.slice(0, -1);
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) expect(String(event.type)).toMatch(/^job\./);
    expect(events.at(-1)).toMatchObject({ type: 'job.done' });
    expect(lines.at(-1)).toMatchObject({
      status: 'done',
      summary: { filesOk: 3, filesRejected: 0, barsStored: 4320 },
      issues: [],
    });

    const coverage = await runCli(['coverage', '--json', '--data-dir', dataDir]);
    expect(coverage.code).toBe(0);
    expect(JSON.parse(coverage.stdout)).toEqual([
      {
        symbol: 'BTCUSDT',
        market: 'crypto-spot',
        interval: '1m',
        bars: 4320,
        first: '2020-01-01T00:00:00.000Z',
        last: '2020-01-03T23:59:00.000Z',
        days: 3,
        gaps: 0,
      },
    ]);
  });

  it('prints a readable report and table, and finds the data dir through TRADELAB_HOME', async () => {
    const dataDir = await freshDir();
    const env = { TRADELAB_HOME: dataDir };
    const imported = await runCli(['import', spotDaily1m], { env });
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('Import done: 3 files imported');
    expect(imported.stdout).toContain('4,320 bars stored');

    const again = await runCli(['import', spotDaily1m], { env });
    expect(again.stdout).toContain('3 skipped');

    const table = await runCli(['coverage'], { env });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(
      /BTCUSDT\s+binance\s+crypto-spot\s+1m\s+4,320\s+2020-01-01 00:00\s+2020-01-03 23:59\s+3\s+0/,
    );
  });

  it('reports rejected files with their reason and still exits 0', async () => {
    const dataDir = await freshDir();
    const bogus = path.join(dataDir, 'not-a-kline-file.csv');
    await writeFile(bogus, 'hello\n');
    const run = await runCli(['import', spotDaily1m, bogus, '--data-dir', dataDir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 rejected');
    expect(run.stdout).toContain(`${bogus}`);
  });

  it('cancels the import on Ctrl-C and exits 130', async () => {
    const dataDir = await freshDir();
    let signalled = false;
    const run = await runCli(['import', spotMonthly1h, '--json', '--data-dir', dataDir], {
      onStdout: (_text, child) => {
        if (signalled) return;
        signalled = true;
        child.kill('SIGINT');
      },
    });
    expect(signalled).toBe(true);
    expect(run.code).toBe(130);
    expect(run.stderr).toContain('Cancelling the import');
  });
});
