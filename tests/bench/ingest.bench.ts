/**
 * Ingest benchmarks on real Data Vision files from ../shared/data: the product path
 * (importKlineFile into a fresh data dir) against a plain row-per-bar SQLite reference measured in
 * the same run, then the stages (read, sha256, unzip, parse, write, read back) one by one so the
 * bottleneck is visible.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';
import { parseChecksumFile, sha256Hex } from '../../src/core/ingest/archive/checksum.js';
import { readZipEntries } from '../../src/core/ingest/archive/zip-reader.js';
import { importKlineFile } from '../../src/core/ingest/binance/import-kline-file.js';
import {
  parseKlineFileName,
  splitSymbol,
  type KlineFileName,
} from '../../src/core/ingest/binance/file-name.js';
import { parseKlineCsv } from '../../src/core/ingest/binance/kline-csv.js';
import { assertBarsInPeriod } from '../../src/core/ingest/binance/period.js';
import type { BarColumns } from '../../src/core/store/bar-columns.js';
import { BarStore } from '../../src/core/store/bar-store.js';
import { findInstrument, upsertInstrument } from '../../src/core/store/instruments.js';
import { findRawFileBySha256, insertRawFile, setRawFileBars } from '../../src/core/store/raw-files.js';
import { openDatabase } from '../../src/core/store/open-database.js';
import {
  csvBytesOf,
  naiveParseKlineCsv,
  openReferenceDatabase,
  ReferenceRowStore,
  symbolAndInterval,
  type NaiveRow,
} from './reference-row-store.js';
import { measureInterleaved, perSecond, summarise, type Timing } from './timing.js';

/** One printed line: `name  value unit  extra  (ratio ×N vs reference)`. */
export interface BenchLine {
  name: string;
  /** A rate per second. */
  value: number;
  unit: string;
  /** A second figure, e.g. MB/s. */
  extra?: string;
  /** product / reference, when this line is a product measurement with a reference beside it. */
  ratio?: number;
  against?: string;
  /** Free text printed after the numbers. */
  note?: string;
}

export interface BenchSection {
  title: string;
  lines: BenchLine[];
}

export interface StageShare {
  stage: string;
  ms: number;
  /** Share of the measured product ingest time, 0..1. */
  share: number;
  /** Bars/s this stage alone would allow. */
  barsPerSecond: number;
}

export interface IngestReport {
  dataDir: string;
  files: number;
  bars: number;
  diskBytes: number;
  csvBytes: number;
  sections: BenchSection[];
  stages: StageShare[];
  ingestBarsPerSecond: number;
}

type Market = 'spot' | 'um';

interface KlineFile {
  path: string;
  market: Market;
  symbol: string;
  interval: string;
  isZip: boolean;
  /** Bytes of the file on disk (the zip, or the CSV). */
  diskBytes: Buffer;
  /** The CSV bytes (unzipped for a zip). */
  csv: Buffer;
  bars: number;
}

const PRODUCT_MARKET: Record<Market, 'crypto-spot' | 'crypto-perp'> = {
  spot: 'crypto-spot',
  um: 'crypto-perp',
};
const NOW = Date.UTC(2026, 0, 1);
/** Fast in-memory stages repeat their pass this many times per timed run, so a run lasts tens of ms. */
const INNER_PASSES = 5;

/** The repository root: the nearest folder above this file whose package.json is tradelab's. */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (
      fs.existsSync(pkg) &&
      (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'tradelab'
    )
      return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the tradelab repository root above the benchmark');
    dir = parent;
  }
}

/** ../shared/data beside the repository (or TRADELAB_BENCH_DATA, or shared/data inside it). */
export function findDataDir(): string {
  const root = repoRoot();
  const candidates = [
    process.env.TRADELAB_BENCH_DATA,
    path.resolve(root, '../shared/data'),
    path.resolve(root, 'shared/data'),
  ];
  for (const dir of candidates) if (dir && fs.existsSync(path.join(dir, 'binance'))) return dir;
  throw new Error(
    `no market data: looked for binance/ under ${candidates.filter(Boolean).join(', ')}; ` +
      'the benchmark reads the real files in ../shared/data (see its PROVENANCE.md)',
  );
}

function listFiles(dir: string, suffix: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(suffix))
    .sort()
    .map((name) => path.join(dir, name));
}

/** The benchmark's file set: BTCUSDT 1h spot monthly CSVs, BTCUSDT 1m spot daily zips, USD-M 1m monthly CSVs. */
export function benchmarkFiles(dataDir: string): { path: string; market: Market }[] {
  const b = path.join(dataDir, 'binance');
  const futuresRoot = path.join(b, 'futures/um/monthly/klines-csv');
  const futuresSymbols = fs.existsSync(futuresRoot) ? fs.readdirSync(futuresRoot).sort() : [];
  const files = [
    ...listFiles(path.join(b, 'spot/monthly/klines-csv/BTCUSDT/1h'), '.csv').map((p) => ({
      path: p,
      market: 'spot' as const,
    })),
    ...listFiles(path.join(b, 'spot/daily/klines/BTCUSDT/1m'), '.zip').map((p) => ({
      path: p,
      market: 'spot' as const,
    })),
    ...futuresSymbols.flatMap((s) =>
      listFiles(path.join(futuresRoot, s, '1m'), '.csv').map((p) => ({ path: p, market: 'um' as const })),
    ),
  ];
  if (files.length === 0) throw new Error(`no kline files found under ${b}`);
  return files;
}

function loadFiles(dataDir: string): KlineFile[] {
  return benchmarkFiles(dataDir).map(({ path: filePath, market }) => {
    const diskBytes = fs.readFileSync(filePath);
    const csv = csvBytesOf(filePath, diskBytes);
    return {
      path: filePath,
      market,
      ...symbolAndInterval(filePath),
      isZip: filePath.endsWith('.zip'),
      diskBytes,
      csv,
      bars: parseKlineCsv(csv).time.length,
    };
  });
}

function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `tradelab-bench-${label}-`));
}

function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

interface Opened<D> {
  dir: string;
  db: D;
}

function openProduct(): Opened<Database> {
  const dir = tempDir('product');
  return { dir, db: openDatabase(dir) };
}

function openReference(): Opened<ReferenceRowStore> {
  const dir = tempDir('reference');
  return { dir, db: new ReferenceRowStore(openReferenceDatabase(dir)) };
}

function closeProduct(o: Opened<Database>): void {
  o.db.close();
  removeDir(o.dir);
}

function closeReference(o: Opened<ReferenceRowStore>): void {
  o.db.db.close();
  removeDir(o.dir);
}

function productImportAll(db: Database, files: KlineFile[], expectedBars: number): void {
  let bars = 0;
  for (const f of files) {
    const result = importKlineFile(db, f.path, { market: f.market, now: NOW });
    if (result.status !== 'ok') throw new Error(`${f.path}: ${result.reason}`);
    bars += result.bars;
  }
  if (bars !== expectedBars) throw new Error(`product ingest stored ${bars} bars, expected ${expectedBars}`);
}

function referenceImportAll(store: ReferenceRowStore, files: KlineFile[], expectedBars: number): void {
  let bars = 0;
  for (const f of files) bars += store.importFile(f.path, f.market);
  if (bars !== expectedBars)
    throw new Error(`reference ingest stored ${bars} bars, expected ${expectedBars}`);
}

function productLine(
  name: string,
  count: number,
  product: Timing,
  reference: Timing,
  extra?: string,
): BenchLine {
  return {
    name,
    value: perSecond(count, product.medianMs),
    unit: 'bars/s',
    extra,
    ratio: reference.medianMs / product.medianMs,
    against: 'reference',
  };
}

function referenceLine(name: string, count: number, timing: Timing, extra?: string): BenchLine {
  return { name, value: perSecond(count, timing.medianMs), unit: 'bars/s', extra };
}

function mbPerSecond(bytes: number, ms: number): string {
  return `${(perSecond(bytes, ms) / 1e6).toFixed(1)} MB/s`;
}

export function runIngestBenchmarks(log: (line: string) => void = () => {}): IngestReport {
  const dataDir = findDataDir();
  const files = loadFiles(dataDir);
  const bars = files.reduce((s, f) => s + f.bars, 0);
  const diskBytes = files.reduce((s, f) => s + f.diskBytes.length, 0);
  const csvBytes = files.reduce((s, f) => s + f.csv.length, 0);
  const sections: BenchSection[] = [];

  // 1–2. Ingest from disk: the product path against the row-per-bar reference, interleaved, plus
  // a replica of importKlineFile with a stopwatch around each stage (4).
  log('ingest from disk (product, reference, staged replica) …');
  const stageRuns: StageTimes[] = [];
  const [ingestProduct, ingestReference, ingestStaged] = measureInterleaved<
    [Opened<Database>, Opened<ReferenceRowStore>, Opened<Database>]
  >([
    { setup: openProduct, run: (o) => productImportAll(o.db, files, bars), teardown: closeProduct },
    { setup: openReference, run: (o) => referenceImportAll(o.db, files, bars), teardown: closeReference },
    {
      setup: openProduct,
      run: (o) => stageRuns.push(stagedImportAll(o.db, files, bars)),
      teardown: closeProduct,
    },
  ]);
  sections.push({
    title: `Ingest from disk: ${files.length} files, ${bars.toLocaleString('en-US')} bars, ${(diskBytes / 1e6).toFixed(1)} MB on disk, fresh data dir per run`,
    lines: [
      productLine(
        'ingest importKlineFile (product)',
        bars,
        ingestProduct,
        ingestReference,
        mbPerSecond(diskBytes, ingestProduct.medianMs),
      ),
      referenceLine(
        'ingest row-per-bar (reference)',
        bars,
        ingestReference,
        mbPerSecond(diskBytes, ingestReference.medianMs),
      ),
    ],
  });

  // 3a. Parse only, from bytes in memory.
  log('parse …');
  const csvs = files.map((f) => f.csv);
  const [parseProduct, parseReference] = measureInterleaved<[undefined, undefined]>([
    {
      run: () => {
        for (let p = 0; p < INNER_PASSES; p++) for (const csv of csvs) parseKlineCsv(csv);
      },
    },
    {
      run: () => {
        for (let p = 0; p < INNER_PASSES; p++) for (const csv of csvs) naiveParseKlineCsv(csv);
      },
    },
  ]);
  const parsedBars = bars * INNER_PASSES;
  const parsedBytes = csvBytes * INNER_PASSES;

  // 3b. Write only: pre-parsed bars, one transaction per file, fresh database per run.
  log('write …');
  const columns: BarColumns[] = files.map((f) => parseKlineCsv(f.csv));
  const rows: NaiveRow[][] = files.map((f) => naiveParseKlineCsv(f.csv));
  const [writeProduct, writeReference] = measureInterleaved<
    [Opened<Database> & { ids: number[]; store: BarStore }, Opened<ReferenceRowStore> & { ids: number[] }]
  >([
    {
      setup: () => {
        const o = openProduct();
        const ids = files.map((f) => productInstrument(o.db, f));
        return { ...o, ids, store: new BarStore(o.db) };
      },
      run: ({ db, ids, store }) => {
        files.forEach((f, i) => {
          db.transaction(() => {
            store.writeBars({
              instrumentId: ids[i],
              interval: f.interval,
              source: 'binance-vision',
              rawFileId: null,
              columns: columns[i],
            });
          })();
        });
      },
      teardown: closeProduct,
    },
    {
      setup: () => {
        const o = openReference();
        return { ...o, ids: files.map((f) => o.db.instrumentId(f.symbol, f.market)) };
      },
      run: ({ db, ids }) => {
        files.forEach((f, i) => db.db.transaction(() => db.insertRows(ids[i], f.interval, rows[i]))());
      },
      teardown: closeReference,
    },
  ]);

  // 3c. Read a full series back into Float64Arrays.
  log('read back …');
  const product = openProduct();
  const reference = openReference();
  let readProduct: Timing;
  let readReference: Timing;
  try {
    productImportAll(product.db, files, bars);
    referenceImportAll(reference.db, files, bars);
    if (reference.db.countBars() !== bars)
      throw new Error(`reference table holds ${reference.db.countBars()} bars, expected ${bars}`);
    const series = distinctSeries(files);
    const productSeries = series.map((s) => ({
      instrumentId: findInstrument(product.db, {
        symbol: s.symbol,
        venue: 'binance',
        market: PRODUCT_MARKET[s.market],
      })!.id,
      interval: s.interval,
    }));
    const referenceSeries = series.map((s) => ({
      instrumentId: reference.db.instrumentId(s.symbol, s.market),
      interval: s.interval,
    }));
    const store = new BarStore(product.db);
    [readProduct, readReference] = measureInterleaved<[undefined, undefined]>([
      {
        run: () => {
          let n = 0;
          for (let p = 0; p < INNER_PASSES; p++)
            for (const s of productSeries) n += store.readBars(s).time.length;
          if (n !== bars * INNER_PASSES)
            throw new Error(`readBars returned ${n / INNER_PASSES} bars, expected ${bars}`);
        },
      },
      {
        run: () => {
          let n = 0;
          for (let p = 0; p < INNER_PASSES; p++)
            for (const s of referenceSeries)
              n += reference.db.readSeries(s.instrumentId, s.interval).time.length;
          if (n !== bars * INNER_PASSES)
            throw new Error(`row SELECT returned ${n / INNER_PASSES} bars, expected ${bars}`);
        },
      },
    ]);
  } finally {
    closeProduct(product);
    closeReference(reference);
  }
  sections.push({
    title: 'Breakdown (same bars; parse and read from memory/database, write into a fresh database per run)',
    lines: [
      productLine(
        'parse parseKlineCsv (bytes)',
        parsedBars,
        parseProduct,
        parseReference,
        mbPerSecond(parsedBytes, parseProduct.medianMs),
      ),
      referenceLine(
        'parse split+Number (reference)',
        parsedBars,
        parseReference,
        mbPerSecond(parsedBytes, parseReference.medianMs),
      ),
      productLine('write BarStore.writeBars (columnar)', bars, writeProduct, writeReference),
      referenceLine('write INSERT per bar (reference)', bars, writeReference),
      productLine('read readBars → Float64Array', bars * INNER_PASSES, readProduct, readReference),
      referenceLine('read SELECT ORDER BY time (reference)', bars * INNER_PASSES, readReference),
    ],
  });

  // 4. Where the product ingest spends its time: the staged replica's stopwatches, median per stage.
  const ingestMs = ingestProduct.medianMs;
  const stages: StageShare[] = STAGES.map((name) => {
    const ms = summarise(stageRuns.slice(-ingestStaged.runs).map((run) => run[name])).medianMs;
    return {
      stage: STAGE_LABEL[name],
      ms,
      share: ms / ingestStaged.medianMs,
      barsPerSecond: perSecond(bars, ms),
    };
  });
  stages.push({
    stage: 'staged replica total (vs importKlineFile)',
    ms: ingestStaged.medianMs,
    share: ingestStaged.medianMs / ingestMs,
    barsPerSecond: perSecond(bars, ingestStaged.medianMs),
  });

  return {
    dataDir,
    files: files.length,
    bars,
    diskBytes,
    csvBytes,
    sections,
    stages,
    ingestBarsPerSecond: perSecond(bars, ingestMs),
  };
}

const STAGES = ['read', 'sha256', 'unzip', 'parse', 'bookkeeping', 'writeBars', 'commit'] as const;
type Stage = (typeof STAGES)[number];
type StageTimes = Record<Stage, number>;
const STAGE_LABEL: Record<Stage, string> = {
  read: 'read file + CHECKSUM (readFileSync)',
  sha256: 'sha256 + CHECKSUM compare',
  unzip: 'unzip + CRC-32',
  parse: 'parse (parseKlineCsv + period check)',
  bookkeeping: 'bookkeeping SQL (prepare, raw_files, instr.)',
  writeBars: 'writeBars statements (in transaction)',
  commit: 'COMMIT (WAL write, auto-checkpoint)',
};

/**
 * The steps of importKlineFile, in the same order with the same exported functions, with a
 * stopwatch around each. Its total is printed beside importKlineFile's to show it is faithful.
 */
function stagedImportAll(db: Database, files: KlineFile[], expectedBars: number): StageTimes {
  const t: StageTimes = { read: 0, sha256: 0, unzip: 0, parse: 0, bookkeeping: 0, writeBars: 0, commit: 0 };
  let clock = performance.now();
  const lap = (stage: Stage) => {
    const now = performance.now();
    t[stage] += now - clock;
    clock = now;
  };
  let bars = 0;
  for (const f of files) {
    clock = performance.now();
    const name = parseKlineFileName(path.basename(f.path)) as KlineFileName;
    const bytes = fs.readFileSync(f.path);
    const checksumText = f.isZip ? readIfExists(`${f.path}.CHECKSUM`) : undefined;
    lap('read');
    const sha256 = sha256Hex(bytes);
    if (checksumText !== undefined && parseChecksumFile(checksumText, f.path) !== sha256)
      throw new Error(`${f.path}: checksum mismatch`);
    lap('sha256');
    if (findRawFileBySha256(db, sha256)) throw new Error(`${f.path}: already imported`);
    lap('bookkeeping');
    let csv: Uint8Array = bytes;
    if (f.isZip) csv = readZipEntries(bytes).find((e) => e.name.toLowerCase().endsWith('.csv'))!.data;
    lap('unzip');
    const columns = parseKlineCsv(csv);
    assertBarsInPeriod(columns.time, name);
    lap('parse');
    const { base, quote } = splitSymbol(name.symbol);
    const store = new BarStore(db);
    db.exec('BEGIN');
    try {
      const instrumentId = upsertInstrument(
        db,
        { symbol: name.symbol, venue: 'binance', market: PRODUCT_MARKET[f.market], base, quote },
        NOW,
      );
      const rawFileId = insertRawFile(db, {
        path: path.resolve(f.path),
        size: bytes.length,
        sha256,
        origin: 'local',
        instrumentId,
        interval: name.interval,
        bars: 0,
        ingestedAt: NOW,
      });
      lap('bookkeeping');
      const stored = store.writeBars({
        instrumentId,
        interval: name.interval,
        source: 'binance-vision',
        rawFileId,
        columns,
      });
      lap('writeBars');
      setRawFileBars(db, rawFileId, stored);
      lap('bookkeeping');
      db.exec('COMMIT');
      lap('commit');
      bars += stored;
    } catch (err) {
      db.exec('ROLLBACK');
      throw err;
    }
  }
  if (bars !== expectedBars) throw new Error(`staged ingest stored ${bars} bars, expected ${expectedBars}`);
  return t;
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function productInstrument(db: Database, f: KlineFile): number {
  return upsertInstrument(db, { symbol: f.symbol, venue: 'binance', market: PRODUCT_MARKET[f.market] }, NOW);
}

function distinctSeries(files: KlineFile[]): { symbol: string; market: Market; interval: string }[] {
  const seen = new Map<string, { symbol: string; market: Market; interval: string }>();
  for (const f of files)
    seen.set(`${f.market}|${f.symbol}|${f.interval}`, {
      symbol: f.symbol,
      market: f.market,
      interval: f.interval,
    });
  return [...seen.values()];
}
