import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dataPath } from '../paths.js';
import { writeZip } from '../zip-writer.js';

/** One object of the in-memory bucket. */
export interface BucketObject {
  bytes: Buffer;
  /** Quoted md5, as S3 gives single-part uploads. */
  etag: string;
  lastModified: Date;
}

/**
 * Where the replay bucket's objects come from, under shared/data. `verbatim` folders hold Data
 * Vision zips and CHECKSUMs exactly as published; `zip-csv` folders hold the unzipped monthly/daily
 * CSVs, which are zipped back under their own name with a CHECKSUM in Binance's format.
 */
const SOURCES: { from: string; to: string; kind: 'verbatim' | 'zip-csv' }[] = [
  { from: 'binance/spot/daily/klines', to: 'data/spot/daily/klines', kind: 'verbatim' },
  {
    from: 'binance/futures/um/monthly/fundingRate',
    to: 'data/futures/um/monthly/fundingRate',
    kind: 'verbatim',
  },
  { from: 'binance/spot/monthly/klines-csv', to: 'data/spot/monthly/klines', kind: 'zip-csv' },
  { from: 'binance/futures/um/monthly/klines-csv', to: 'data/futures/um/monthly/klines', kind: 'zip-csv' },
  { from: 'binance/futures/um/daily/klines-csv', to: 'data/futures/um/daily/klines', kind: 'zip-csv' },
];

let cached: ReadonlyMap<string, BucketObject> | null = null;

/** The bucket as data.binance.vision lays it out, built once per process from the real files. */
export function baseBucket(): ReadonlyMap<string, BucketObject> {
  cached ??= buildBucket();
  return cached;
}

export function bucketObject(bytes: Buffer, lastModified: Date): BucketObject {
  return { bytes, etag: `"${crypto.createHash('md5').update(bytes).digest('hex')}"`, lastModified };
}

/** `<sha256 hex>  <zip name>` with no trailing newline, as Binance publishes it. */
export function checksumText(zipName: string, zip: Buffer): string {
  return `${crypto.createHash('sha256').update(zip).digest('hex')}  ${zipName}`;
}

function buildBucket(): Map<string, BucketObject> {
  const objects = new Map<string, BucketObject>();
  const put = (key: string, bytes: Buffer) => objects.set(key, bucketObject(bytes, publishedAt(key)));
  for (const source of SOURCES) {
    const root = dataPath(...source.from.split('/'));
    for (const file of filesUnder(root)) {
      const relative = path.relative(root, file).split(path.sep).join('/');
      const bytes = fs.readFileSync(file);
      if (source.kind === 'verbatim') {
        put(`${source.to}/${relative}`, bytes);
      } else if (relative.endsWith('.csv')) {
        const zipKey = `${source.to}/${relative.replace(/\.csv$/, '.zip')}`;
        const zipName = path.posix.basename(zipKey);
        const zip = writeZip([{ name: path.posix.basename(relative), data: bytes }]);
        put(zipKey, zip);
        put(`${zipKey}.CHECKSUM`, Buffer.from(checksumText(zipName, zip), 'utf8'));
      }
    }
  }
  return objects;
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir))
    throw new Error(
      `replay bucket: ${dir} is missing; the shared market data is expected beside the checkout`,
    );
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/**
 * A plausible upload time: Data Vision publishes a daily file the next day and a monthly file at
 * the start of the next month. Fixed per key, so ETag/Last-Modified comparisons are stable.
 */
function publishedAt(key: string): Date {
  const match = /-(\d{4})-(\d{2})(?:-(\d{2}))?\.zip(?:\.CHECKSUM)?$/.exec(key);
  if (!match) return new Date(Date.UTC(2026, 0, 1));
  const [, year, month, day] = match;
  return day
    ? new Date(Date.UTC(Number(year), Number(month) - 1, Number(day) + 1, 6, 0, 0))
    : new Date(Date.UTC(Number(year), Number(month), 1, 6, 0, 0));
}
