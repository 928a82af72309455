import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { BarStore } from '../../store/bar-store.js';
import { upsertInstrument } from '../../store/instruments.js';
import { findRawFileBySha256, insertRawFile, setRawFileBars } from '../../store/raw-files.js';
import { parseChecksumFile, sha256Hex } from '../archive/checksum.js';
import { readZipEntries, ZipError } from '../archive/zip-reader.js';
import {
  inferMarketFromPath,
  parseKlineFileName,
  splitSymbol,
  type BinanceMarket,
  type KlineFileName,
} from './file-name.js';
import { KlineParseError, parseKlineCsv } from './kline-csv.js';
import { FileRejected } from './file-rejected.js';
import { assertBarsInPeriod } from './period.js';

export type ImportFileResult =
  { status: 'ok'; symbol: string; interval: string; bars: number } | { status: 'skipped'; reason: string };

export const BINANCE_VENUE = 'binance';
const SOURCE = 'binance-vision';

/**
 * Imports one Data Vision kline file (zip or csv) in one transaction: either every bar of the file
 * is stored or none is. A file whose content was ingested before is skipped (idempotent re-import).
 */
export function importKlineFile(
  db: Database,
  filePath: string,
  options: { market?: BinanceMarket; now: number },
): ImportFileResult {
  const name = parseKlineFileName(path.basename(filePath));
  if ('error' in name) throw new FileRejected(name.error);
  const market = resolveMarket(filePath, options.market);
  const bytes = readFile(filePath);
  const sha256 = sha256Hex(bytes);
  if (name.format === 'zip') verifyChecksumBeside(filePath, sha256);

  const previous = findRawFileBySha256(db, sha256);
  if (previous) return { status: 'skipped', reason: `already imported (same content as ${previous.path})` };

  const columns = parseCsvOf(name, bytes);
  assertBarsInPeriod(columns.time, name);
  const { base, quote } = splitSymbol(name.symbol);
  const store = new BarStore(db);
  db.transaction(() => {
    const instrumentId = upsertInstrument(
      db,
      {
        symbol: name.symbol,
        venue: BINANCE_VENUE,
        market: market === 'spot' ? 'crypto-spot' : 'crypto-perp',
        base,
        quote,
      },
      options.now,
    );
    const rawFileId = insertRawFile(db, {
      path: path.resolve(filePath),
      size: bytes.length,
      sha256,
      origin: 'local',
      instrumentId,
      interval: name.interval,
      bars: 0,
      ingestedAt: options.now,
    });
    const stored = store.writeBars({
      instrumentId,
      interval: name.interval,
      source: SOURCE,
      rawFileId,
      columns,
    });
    setRawFileBars(db, rawFileId, stored);
  })();
  return { status: 'ok', symbol: name.symbol, interval: name.interval, bars: columns.time.length };
}

function resolveMarket(filePath: string, override: BinanceMarket | undefined): BinanceMarket {
  if (override) return override;
  const inferred = inferMarketFromPath(path.resolve(filePath));
  if (inferred === 'cm')
    throw new FileRejected('COIN-M futures (futures/cm) are not supported yet; only spot and USD-M');
  if (!inferred) {
    throw new FileRejected(
      'cannot tell spot from USD-M futures: the path has no "spot" or "futures/um" folder; pass --market spot|um',
    );
  }
  return inferred;
}

function readFile(filePath: string): Buffer {
  try {
    return fs.readFileSync(filePath);
  } catch (err) {
    throw new FileRejected(`cannot read the file: ${(err as Error).message}`);
  }
}

function verifyChecksumBeside(zipPath: string, actual: string): void {
  const checksumPath = `${zipPath}.CHECKSUM`;
  let text: string;
  try {
    text = fs.readFileSync(checksumPath, 'utf8');
  } catch {
    return; // no CHECKSUM beside the zip: nothing to verify against
  }
  let expected: string;
  try {
    expected = parseChecksumFile(text, checksumPath);
  } catch (err) {
    throw new FileRejected((err as Error).message);
  }
  if (expected !== actual) {
    throw new FileRejected(
      `checksum mismatch: the zip's sha256 is ${actual} but ${path.basename(checksumPath)} says ${expected}; ` +
        'the file is damaged or was replaced — download it again',
    );
  }
}

function parseCsvOf(name: KlineFileName, bytes: Buffer) {
  let csv: Uint8Array = bytes;
  let label = 'the CSV';
  if (name.format === 'zip') {
    let entries;
    try {
      entries = readZipEntries(bytes);
    } catch (err) {
      if (err instanceof ZipError) throw new FileRejected(err.message);
      throw err;
    }
    const csvEntries = entries.filter((e) => e.name.toLowerCase().endsWith('.csv'));
    if (csvEntries.length !== 1) {
      throw new FileRejected(`expected exactly one .csv inside the zip, found ${csvEntries.length}`);
    }
    csv = csvEntries[0].data;
    label = csvEntries[0].name;
  }
  try {
    const columns = parseKlineCsv(csv);
    if (columns.time.length === 0) throw new FileRejected(`${label} holds no bars`);
    return columns;
  } catch (err) {
    if (err instanceof KlineParseError)
      throw new FileRejected(`${label} line ${err.line}: ${err.message}`, err.line);
    throw err;
  }
}
