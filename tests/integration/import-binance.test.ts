import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Lab } from '../../src/core/lab.js';
import { dataPath, tempDir } from '../helpers/paths.js';
import { importAndWait, openTestLab } from '../helpers/lab-harness.js';
import { writeZip } from '../helpers/zip-writer.js';

const DAILY_1M = dataPath('binance/spot/daily/klines/BTCUSDT/1m');
const MONTHLY_1H = dataPath('binance/spot/monthly/klines-csv/BTCUSDT/1h');
const DAILY_1H_US = dataPath('binance/spot/daily/klines/BTCUSDT/1h');
const FUTURES_MONTHLY = dataPath('binance/futures/um/monthly/klines-csv');

let lab: Lab | undefined;
afterEach(async () => {
  await lab?.close();
  lab = undefined;
});

/** Copies real files into a temp folder laid out like Data Vision, for damaging them. */
function spotFolder(): string {
  const dir = path.join(tempDir(), 'data/spot/daily/klines/BTCUSDT/1m');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function csvLines(file: string): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && /^\d/.test(l));
}

describe('import of Binance Data Vision kline files', () => {
  it('imports the three daily 1m zips: 4,320 bars over 3 days, CHECKSUMs verified', async () => {
    ({ lab } = await openTestLab());
    const job = await importAndWait(lab, [DAILY_1M]);
    expect(job.status).toBe('done');
    expect(job.summary).toEqual({ filesOk: 3, filesSkipped: 0, filesRejected: 0, barsStored: 4320 });
    expect(job.progress).toMatchObject({ done: 3, total: 3, unit: 'files' });
    expect(await lab.getCoverage({})).toEqual([
      {
        symbol: 'BTCUSDT',
        venue: 'binance',
        market: 'crypto-spot',
        interval: '1m',
        bars: 4320,
        first: '2020-01-01T00:00:00.000Z',
        last: '2020-01-03T23:59:00.000Z',
        days: 3,
        gaps: 0,
      },
    ]);
    const days = await lab.getCoverageDays({});
    expect(days.map((d) => [d.day, d.bars, d.expected])).toEqual([
      ['2020-01-01', 1440, 1440],
      ['2020-01-02', 1440, 1440],
      ['2020-01-03', 1440, 1440],
    ]);
  });

  it('stores a file once however often it is imported', async () => {
    ({ lab } = await openTestLab());
    await importAndWait(lab, [DAILY_1M]);
    const again = await importAndWait(lab, [DAILY_1M, path.join(DAILY_1M, 'BTCUSDT-1m-2020-01-02.zip')]);
    expect(again.summary).toEqual({ filesOk: 0, filesSkipped: 4, filesRejected: 0, barsStored: 0 });
    expect((await lab.getCoverage({}))[0].bars).toBe(4320);
  });

  it('imports 60 monthly 1h CSVs with and without header rows, counting the exchange-outage gaps', async () => {
    ({ lab } = await openTestLab());
    const files = fs
      .readdirSync(MONTHLY_1H)
      .filter((f) => f.endsWith('.csv'))
      .sort();
    expect(files).toHaveLength(60);
    const job = await importAndWait(lab, [MONTHLY_1H]);
    expect(job.summary).toMatchObject({ filesOk: 60, filesRejected: 0 });
    // Independent reference: every data row's open time, across all files, in order.
    const times = files.flatMap((f) =>
      csvLines(path.join(MONTHLY_1H, f)).map((l) => Number(l.split(',')[0])),
    );
    let gaps = 0;
    for (let i = 1; i < times.length; i++) if (times[i] - times[i - 1] > 3_600_000) gaps++;
    const [row] = await lab.getCoverage({});
    expect(row).toMatchObject({
      symbol: 'BTCUSDT',
      market: 'crypto-spot',
      interval: '1h',
      bars: times.length,
      gaps,
    });
    expect(row.first).toBe(new Date(times[0]).toISOString());
    expect(row.last).toBe(new Date(times.at(-1)!).toISOString());
  });

  it('normalises the microsecond timestamps of 2025+ spot archives to milliseconds', async () => {
    ({ lab } = await openTestLab());
    const job = await importAndWait(lab, [DAILY_1H_US]);
    expect(job.summary).toMatchObject({ filesOk: 2, barsStored: 48 });
    expect(await lab.getCoverage({})).toMatchObject([
      {
        interval: '1h',
        bars: 48,
        first: '2026-05-08T00:00:00.000Z',
        last: '2026-05-09T23:00:00.000Z',
        gaps: 0,
      },
    ]);
  });

  it('imports USD-M futures CSVs (with and without header) as perpetuals', async () => {
    ({ lab } = await openTestLab());
    const job = await importAndWait(lab, [FUTURES_MONTHLY]);
    expect(job.summary).toMatchObject({ filesRejected: 0 });
    const coverage = await lab.getCoverage({});
    expect(coverage.length).toBeGreaterThan(0);
    for (const row of coverage) expect(row.market).toBe('crypto-perp');
  });

  it('honours --market over the folder layout, and refuses a path that says neither', async () => {
    ({ lab } = await openTestLab());
    const dir = tempDir();
    fs.copyFileSync(
      path.join(MONTHLY_1H, 'BTCUSDT-1h-2021-04.csv'),
      path.join(dir, 'BTCUSDT-1h-2021-04.csv'),
    );
    const refused = await importAndWait(lab, [dir]);
    expect(refused.summary).toMatchObject({ filesOk: 0, filesRejected: 1 });
    expect(refused.issues[0].message).toMatch(/--market spot\|um/);
    const accepted = await importAndWait(lab, [dir], 'um');
    expect(accepted.summary).toMatchObject({ filesOk: 1, barsStored: 715 });
    expect((await lab.getCoverage({}))[0].market).toBe('crypto-perp');
  });
});

describe('bad input is rejected per file with nothing stored, and the other files continue', () => {
  async function importExpectingRejection(dir: string, badName: string, pattern: RegExp) {
    ({ lab } = await openTestLab());
    fs.copyFileSync(
      path.join(DAILY_1M, 'BTCUSDT-1m-2020-01-01.zip'),
      path.join(dir, 'BTCUSDT-1m-2020-01-01.zip'),
    );
    const job = await importAndWait(lab, [dir]);
    expect(job.status).toBe('done');
    expect(job.summary).toMatchObject({ filesOk: 1, filesRejected: 1, barsStored: 1440 });
    expect(job.issues).toHaveLength(1);
    expect(job.issues[0].subject).toBe(path.join(dir, badName));
    expect(job.issues[0].message).toMatch(pattern);
    const coverage = await lab.getCoverage({});
    expect(coverage).toHaveLength(1);
    expect(coverage[0]).toMatchObject({ bars: 1440, first: '2020-01-01T00:00:00.000Z', days: 1 });
    return job;
  }

  it('a zip whose CHECKSUM does not match', async () => {
    const dir = spotFolder();
    const name = 'BTCUSDT-1m-2020-01-02.zip';
    fs.copyFileSync(path.join(DAILY_1M, name), path.join(dir, name));
    fs.writeFileSync(`${path.join(dir, name)}.CHECKSUM`, `${'0'.repeat(64)}  ${name}`);
    await importExpectingRejection(dir, name, /checksum mismatch.*download it again/);
  });

  it('a corrupt zip (damaged bytes, no CHECKSUM)', async () => {
    const dir = spotFolder();
    const name = 'BTCUSDT-1m-2020-01-02.zip';
    const bytes = fs.readFileSync(path.join(DAILY_1M, name));
    for (let i = 200; i < 260; i++) bytes[i] ^= 0x5a;
    fs.writeFileSync(path.join(dir, name), bytes);
    await importExpectingRejection(dir, name, /corrupt zip/);
  });

  it('a zip with a path-traversal entry name', async () => {
    const dir = spotFolder();
    const name = 'BTCUSDT-1m-2020-01-02.zip';
    fs.writeFileSync(
      path.join(dir, name),
      writeZip([{ name: '../../evil.csv', data: Buffer.from('1,2,3\n') }]),
    );
    await importExpectingRejection(dir, name, /path traversal/);
  });

  it('a truncated CSV (cut inside a row)', async () => {
    const dir = spotFolder();
    const name = 'BTCUSDT-1m-2020-01-02.csv';
    const day2 = await dailyCsvText('BTCUSDT-1m-2020-01-02.zip');
    fs.writeFileSync(path.join(dir, name), day2.slice(0, Math.floor(day2.length / 2) + 7));
    const job = await importExpectingRejection(dir, name, /line \d+: expected 12 columns, found \d+/);
    expect(job.issues[0].line).toBeGreaterThan(1);
  });

  it('a CSV with the wrong column count (an OHLCV export, not klines)', async () => {
    const dir = spotFolder();
    const name = 'BTCUSDT-1m-2020-01-02.csv';
    fs.writeFileSync(path.join(dir, name), '1577923200000,7200.1,7210.2,7190.3,7205.4,12.5\n');
    const job = await importExpectingRejection(dir, name, /line 1: expected 12 columns, found 6/);
    expect(job.issues[0].line).toBe(1);
  });

  it('a row whose high is below its low', async () => {
    const dir = spotFolder();
    const name = 'BTCUSDT-1m-2020-01-02.csv';
    const lines = (await dailyCsvText('BTCUSDT-1m-2020-01-02.zip')).split('\n');
    const f = lines[99].split(',');
    [f[2], f[3]] = [f[3], f[2]];
    if (Number(f[2]) === Number(f[3])) f[3] = String(Number(f[2]) + 1);
    lines[99] = f.join(',');
    fs.writeFileSync(path.join(dir, name), lines.join('\n'));
    const job = await importExpectingRejection(dir, name, /line 100: high .* is below low/);
    expect(job.issues[0].line).toBe(100);
  });

  it('timestamps that do not increase', async () => {
    const dir = spotFolder();
    const name = 'BTCUSDT-1m-2020-01-02.csv';
    const lines = (await dailyCsvText('BTCUSDT-1m-2020-01-02.zip')).split('\n');
    [lines[10], lines[11]] = [lines[11], lines[10]];
    fs.writeFileSync(path.join(dir, name), lines.join('\n'));
    await importExpectingRejection(dir, name, /line 12: open time .* does not come after/);
  });

  it('a file name it cannot parse', async () => {
    const dir = spotFolder();
    fs.writeFileSync(path.join(dir, 'btc-prices.csv'), '1,2,3\n');
    await importExpectingRejection(dir, 'btc-prices.csv', /cannot parse the file name/);
  });

  it('a file whose bars lie outside the day its name says', async () => {
    const dir = spotFolder();
    const name = 'BTCUSDT-1m-2020-01-05.csv';
    fs.writeFileSync(path.join(dir, name), await dailyCsvText('BTCUSDT-1m-2020-01-02.zip'));
    await importExpectingRejection(dir, name, /outside the day 2020-01-05/);
  });
});

async function dailyCsvText(zipName: string): Promise<string> {
  const { readZipEntries } = await import('../../src/core/ingest/archive/zip-reader.js');
  return readZipEntries(fs.readFileSync(path.join(DAILY_1M, zipName)))[0].data.toString('utf8');
}

describe('paths that hold nothing to import', () => {
  it('reports a missing path and an empty folder as rejected inputs', async () => {
    ({ lab } = await openTestLab());
    const empty = tempDir();
    const missing = path.join(empty, 'no-such-folder');
    const job = await importAndWait(lab, [missing, empty]);
    expect(job.status).toBe('done');
    expect(job.summary).toEqual({ filesOk: 0, filesSkipped: 0, filesRejected: 2, barsStored: 0 });
    expect(job.issues.map((i) => [i.subject, i.message])).toEqual([
      [missing, 'no such file or folder'],
      [empty, 'no Data Vision kline files (.zip or .csv) found here'],
    ]);
  });
});
