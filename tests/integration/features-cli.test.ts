import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../src/shared/contract/index.js';
import { parseKlineCsv } from '../../src/core/ingest/binance/kline-csv.js';
import { importAndWait, openTestLab } from '../helpers/lab-harness.js';
import { dataPath, tempDir } from '../helpers/paths.js';
import { assertCliBuilt, runCli } from '../helpers/run-cli.js';

/**
 * `tradelab features` end to end: real BTCUSDT 1h monthly CSVs (2021) imported by the import job,
 * then the CLI as a user runs it; the CSV's columns are checked against the talib binding.
 */

interface TalibResult {
  begIndex: number;
  nbElement: number;
  result: Record<string, number[]>;
}
const talib = createRequire(import.meta.url)('talib') as { execute(args: object): TalibResult };

const monthsDir = dataPath('binance/spot/monthly/klines-csv/BTCUSDT/1h');
const months = fs
  .readdirSync(monthsDir)
  .filter((f) => /^BTCUSDT-1h-2021-\d\d\.csv$/.test(f))
  .map((f) => path.join(monthsDir, f));

const EXPORT_COLUMNS = [
  'sma_10', 'sma_20', 'sma_50', 'ema_10', 'ema_20', 'ema_50', 'rsi_14', 'atr_14', 'macd', 'macd_signal',
  'macd_hist', 'bb_upper', 'bb_middle', 'bb_lower', 'stoch_k', 'stoch_d', 'adx_14', 'obv', 'vpt', 'vwap',
  'volume_z_20', 'log_return', 'cdl_doji', 'cdl_hammer', 'cdl_shooting_star', 'cdl_engulfing',
]; // prettier-ignore

let dataDir: string;
/** Bars in the 12 archives (2021 has a few hours missing at Binance). */
const barsIn2021 = months.reduce((sum, f) => sum + parseKlineCsv(fs.readFileSync(f)).time.length, 0);

beforeAll(async () => {
  assertCliBuilt();
  expect(months).toHaveLength(12);
  dataDir = tempDir('tradelab-features-');
  const { lab } = await openTestLab(dataDir);
  try {
    const job = await importAndWait(lab, months);
    expect(job.status).toBe('done');
    expect(job.summary).toMatchObject({ filesOk: 12, filesRejected: 0 });
  } finally {
    await lab.close();
  }
});

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** The CSV as a header and columns of numbers (NaN for an empty cell) plus the time strings. */
function readCsv(file: string) {
  const [header, ...lines] = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  const names = header.split(',');
  const rows = lines.map((l) => l.split(','));
  const column = (name: string) => {
    const k = names.indexOf(name);
    if (k < 0) throw new Error(`no column ${name}`);
    return Float64Array.from(rows, (r) => (r[k] === '' ? Number.NaN : Number(r[k])));
  };
  return { names, times: rows.map((r) => r[0]), rows, column };
}

/** The final job printed by --json (the last line). */
function finalJob(stdout: string): Job {
  return JSON.parse(stdout.trim().split('\n').pop()!) as Job;
}

function talibOutput(name: string, inputs: object, output: string, options: object = {}, n: number) {
  const r = talib.execute({ name, startIdx: 0, endIdx: n - 1, ...inputs, ...options });
  const out = new Float64Array(n).fill(Number.NaN);
  r.result[output].forEach((v, i) => (out[r.begIndex + i] = v));
  return { values: out, begIndex: r.begIndex };
}

function expectMatches(
  label: string,
  ours: Float64Array,
  ref: { values: Float64Array; begIndex: number },
  tol: number,
) {
  const firstValid = ours.findIndex((v) => !Number.isNaN(v));
  expect(firstValid, `${label}: first valid bar`).toBe(ref.begIndex);
  let worst = 0;
  for (let i = ref.begIndex; i < ours.length; i++) {
    const a = ours[i];
    const b = ref.values[i];
    const rel = a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
    if (!(rel <= tol)) throw new Error(`${label} at bar ${i}: ours ${a}, talib ${b} (relative ${rel})`);
    worst = Math.max(worst, rel);
  }
  return worst;
}

describe('tradelab features on imported BTCUSDT 1h', () => {
  const out = () => path.join(dataDir, 'btc-1h.csv');

  it('writes the bars and the export columns, equal to TA-Lib on every shared indicator', async () => {
    const run = await runCli([
      'features',
      '--symbol',
      'BTCUSDT',
      '--interval',
      '1h',
      '--out',
      out(),
      '--data-dir',
      dataDir,
    ]);
    expect(run.stderr.split('\n').filter((l) => /tradelab:/.test(l))).toEqual([]);
    expect(run.code).toBe(0);
    expect(barsIn2021).toBe(8747);
    expect(run.stdout).toContain(`Wrote ${barsIn2021} rows × 32 columns`);
    expect(run.stdout).toContain('Day chunks: 0 read from the feature cache, 365 computed.');

    const csv = readCsv(out());
    expect(csv.names).toEqual(['time', 'open', 'high', 'low', 'close', 'volume', ...EXPORT_COLUMNS]);
    // The bars are the archive's, row for row, time as ISO-8601 UTC.
    const bars = months.map((f) => parseKlineCsv(fs.readFileSync(f)));
    const time = bars.flatMap((b) => Array.from(b.time));
    expect(csv.times).toEqual(time.map((t) => new Date(t).toISOString()));
    const n = time.length;
    const col = (name: 'open' | 'high' | 'low' | 'close' | 'volume') =>
      Float64Array.from(bars.flatMap((b) => Array.from(b[name])));
    for (const name of ['open', 'high', 'low', 'close', 'volume'] as const)
      expect(csv.column(name)).toEqual(col(name));

    const close = Array.from(col('close'));
    const hlc = { high: Array.from(col('high')), low: Array.from(col('low')), close };
    const ohlc = { open: Array.from(col('open')), ...hlc };
    const tol = 1e-9;
    for (const p of [10, 20, 50]) {
      expectMatches(
        `sma_${p}`,
        csv.column(`sma_${p}`),
        talibOutput('SMA', { inReal: close }, 'outReal', { optInTimePeriod: p }, n),
        tol,
      );
      expectMatches(
        `ema_${p}`,
        csv.column(`ema_${p}`),
        talibOutput('EMA', { inReal: close }, 'outReal', { optInTimePeriod: p }, n),
        tol,
      );
    }
    expectMatches(
      'rsi_14',
      csv.column('rsi_14'),
      talibOutput('RSI', { inReal: close }, 'outReal', { optInTimePeriod: 14 }, n),
      tol,
    );
    expectMatches(
      'atr_14',
      csv.column('atr_14'),
      talibOutput('ATR', hlc, 'outReal', { optInTimePeriod: 14 }, n),
      tol,
    );
    expectMatches(
      'adx_14',
      csv.column('adx_14'),
      talibOutput('ADX', hlc, 'outReal', { optInTimePeriod: 14 }, n),
      tol,
    );
    const macd = { optInFastPeriod: 12, optInSlowPeriod: 26, optInSignalPeriod: 9 };
    expectMatches(
      'macd',
      csv.column('macd'),
      talibOutput('MACD', { inReal: close }, 'outMACD', macd, n),
      tol,
    );
    expectMatches(
      'macd_signal',
      csv.column('macd_signal'),
      talibOutput('MACD', { inReal: close }, 'outMACDSignal', macd, n),
      tol,
    );
    expectMatches(
      'macd_hist',
      csv.column('macd_hist'),
      talibOutput('MACD', { inReal: close }, 'outMACDHist', macd, n),
      tol,
    );
    const bb = { optInTimePeriod: 20, optInNbDevUp: 2, optInNbDevDn: 2, optInMAType: 0 };
    expectMatches(
      'bb_upper',
      csv.column('bb_upper'),
      talibOutput('BBANDS', { inReal: close }, 'outRealUpperBand', bb, n),
      1e-7,
    );
    expectMatches(
      'bb_middle',
      csv.column('bb_middle'),
      talibOutput('BBANDS', { inReal: close }, 'outRealMiddleBand', bb, n),
      1e-7,
    );
    expectMatches(
      'bb_lower',
      csv.column('bb_lower'),
      talibOutput('BBANDS', { inReal: close }, 'outRealLowerBand', bb, n),
      1e-7,
    );
    const stoch = {
      optInFastK_Period: 14,
      optInSlowK_Period: 3,
      optInSlowK_MAType: 0,
      optInSlowD_Period: 3,
      optInSlowD_MAType: 0,
    };
    expectMatches('stoch_k', csv.column('stoch_k'), talibOutput('STOCH', hlc, 'outSlowK', stoch, n), tol);
    expectMatches('stoch_d', csv.column('stoch_d'), talibOutput('STOCH', hlc, 'outSlowD', stoch, n), tol);
    expectMatches(
      'obv',
      csv.column('obv'),
      talibOutput('OBV', { inReal: close, volume: Array.from(col('volume')) }, 'outReal', {}, n),
      tol,
    );
    for (const [column, name] of [
      ['cdl_doji', 'CDLDOJI'],
      ['cdl_hammer', 'CDLHAMMER'],
      ['cdl_shooting_star', 'CDLSHOOTINGSTAR'],
      ['cdl_engulfing', 'CDLENGULFING'],
    ]) {
      const ref = talibOutput(name, ohlc, 'outInteger', {}, n);
      expectMatches(column, csv.column(column), ref, 0);
    }
    // log_return (TA-Lib has none) is ln(close / previous close).
    const logReturn = csv.column('log_return');
    expect(logReturn[0]).toBeNaN();
    for (const i of [1, 500, n - 1]) expect(logReturn[i]).toBe(Math.log(close[i] / close[i - 1]));
  });

  it('reads every day from the cache on a second run, with the same file', async () => {
    const second = path.join(dataDir, 'again.csv');
    const run = await runCli([
      'features',
      '--symbol',
      'btcusdt',
      '--interval',
      '1h',
      '--market',
      'spot',
      '--out',
      second,
      '--json',
      '--data-dir',
      dataDir,
    ]);
    expect(run.code).toBe(0);
    const job = finalJob(run.stdout);
    expect(job.status).toBe('done');
    expect(job.summary).toMatchObject({
      rows: barsIn2021,
      chunksCached: 365,
      chunksComputed: 0,
      featureSet: { name: 'export' },
    });
    expect(fs.readFileSync(second, 'utf8')).toBe(fs.readFileSync(out(), 'utf8'));
  });

  it('writes a date range with values equal to the full export’s rows (warm-up from the stored past)', async () => {
    const part = path.join(dataDir, 'part.csv');
    const run = await runCli([
      'features',
      '--symbol',
      'BTCUSDT',
      '--interval',
      '1h',
      '--from',
      '2021-06-01',
      '--to',
      '2021-06-30',
      '--out',
      part,
      '--data-dir',
      dataDir,
    ]);
    expect(run.code).toBe(0);
    const lines = fs.readFileSync(part, 'utf8').trimEnd().split('\n');
    const full = fs.readFileSync(out(), 'utf8').trimEnd().split('\n');
    const first = full.findIndex((l) => l.startsWith('2021-06-01T00:00'));
    const last = full.findIndex((l) => l.startsWith('2021-07-01T00:00'));
    expect(lines.slice(1)).toEqual(full.slice(first, last));
    expect(lines[0]).toBe(full[0]);
  });

  it('names what is stored when the instrument is not, and refuses bad options with status 2', async () => {
    const missing = await runCli([
      'features',
      '--symbol',
      'ETHUSDT',
      '--interval',
      '1h',
      '--out',
      path.join(dataDir, 'x.csv'),
      '--data-dir',
      dataDir,
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No stored bars of ETHUSDT 1h. Stored: BTCUSDT spot 1h (365 days)');
    expect(fs.existsSync(path.join(dataDir, 'x.csv'))).toBe(false);
    const wrongInterval = await runCli([
      'features',
      '--symbol',
      'BTCUSDT',
      '--interval',
      '1m',
      '--out',
      path.join(dataDir, 'x.csv'),
      '--data-dir',
      dataDir,
    ]);
    expect(wrongInterval.stderr).toContain(
      'No stored bars of BTCUSDT 1m. Stored for BTCUSDT: spot 1h (365 days)',
    );
    const noOut = await runCli([
      'features',
      '--symbol',
      'BTCUSDT',
      '--interval',
      '1h',
      '--data-dir',
      dataDir,
    ]);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('give --out');
    const badDate = await runCli([
      'features',
      '--symbol',
      'BTCUSDT',
      '--interval',
      '1h',
      '--from',
      '2021-13-01',
      '--out',
      'x.csv',
      '--data-dir',
      dataDir,
    ]);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('--from');
  });

  it('lists every feature with its definition, inputs, warm-up and version, and the sets', async () => {
    const run = await runCli(['features', '--list', '--data-dir', dataDir]);
    expect(run.code).toBe(0);
    for (const column of EXPORT_COLUMNS) expect(run.stdout).toContain(`\n  ${column}\n`);
    expect(run.stdout).toMatch(
      / {2}rsi_14\n {4}RSI .+\n {4}inputs: bars; warm-up: 14 bars; markets: stock, crypto-spot, crypto-perp; version: [0-9a-f]{16}/,
    );
    expect(run.stdout).toMatch(/export \(version [0-9a-f]{16}, 26 columns\): sma_10, sma_20/);
    expect(run.stdout).toMatch(/observation \(version [0-9a-f]{16}, \d+ columns\)/);
    const json = await runCli(['features', '--list', '--json', '--data-dir', dataDir]);
    const catalog = JSON.parse(json.stdout) as { features: { name: string }[]; sets: { name: string }[] };
    expect(catalog.features.map((f) => f.name)).toEqual(expect.arrayContaining(EXPORT_COLUMNS));
    expect(catalog.sets.map((s) => s.name)).toEqual(['export', 'observation']);
  });
});
