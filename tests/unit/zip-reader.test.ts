import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { assertSafeEntryName, readZipEntries, ZipError } from '../../src/core/ingest/archive/zip-reader.js';

const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/data');
const SPOT_DAILY = path.join(DATA, 'binance/spot/daily/klines/BTCUSDT');
const REAL_ZIPS: [string, number][] = [
  ['1m/BTCUSDT-1m-2020-01-01.zip', 1440],
  ['1m/BTCUSDT-1m-2020-01-02.zip', 1440],
  ['1m/BTCUSDT-1m-2020-01-03.zip', 1440],
  ['1h/BTCUSDT-1h-2026-05-08.zip', 24],
  ['1h/BTCUSDT-1h-2026-05-09.zip', 24],
];

// ---- a tiny zip writer for hostile and damaged archives ------------------------------------------

interface TestEntry {
  name: string;
  data: Buffer;
  /** 0 stored, 8 deflate (default), anything else to test refusal. */
  method?: number;
  /** Overrides of what the central directory claims. */
  crc?: number;
  size?: number;
  compressedSize?: number;
  localOffset?: number;
}

function buildZip(entries: TestEntry[], comment = ''): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const method = e.method ?? 8;
    const body = method === 8 ? zlib.deflateRawSync(e.data) : e.data;
    const name = Buffer.from(e.name, 'utf8');
    const crc = e.crc ?? zlib.crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(e.compressedSize ?? body.length, 20);
    central.writeUInt32LE(e.size ?? e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(e.localOffset ?? offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const commentBytes = Buffer.from(comment, 'utf8');
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  eocd.writeUInt16LE(commentBytes.length, 20);
  return Buffer.concat([...locals, cd, eocd, commentBytes]);
}

const csv = Buffer.from(
  '1577836800000,7195.24,7196.25,7183.14,7186.68,51.642812,1577836859999,371233.55,493,19.24,138328.7,0\n',
);

function zipError(zip: Buffer): ZipError {
  try {
    readZipEntries(zip);
  } catch (err) {
    expect(err).toBeInstanceOf(ZipError);
    return err as ZipError;
  }
  throw new Error('expected the zip to be refused');
}

describe('readZipEntries on real Data Vision zips', () => {
  it.each(REAL_ZIPS)('%s holds one CSV of %d rows', (file, rows) => {
    const entries = readZipEntries(fs.readFileSync(path.join(SPOT_DAILY, file)));
    expect(entries.map((e) => e.name)).toEqual([path.basename(file).replace(/\.zip$/, '.csv')]);
    const text = entries[0].data.toString('utf8');
    expect(text).toMatch(/^\d{13,16},/);
    expect(text.trimEnd().split('\n')).toHaveLength(rows);
  });
});

describe('readZipEntries on real ZIP64 zips (QuantConnect Lean, sizes in the ZIP64 field)', () => {
  it.each([
    ['lean/equity/usa/minute/spy/20131004_trade.zip', '20131004_spy_minute_trade.csv', 711],
    ['lean/equity/usa/minute/aapl/20140605_trade.zip', '20140605_aapl_minute_trade.csv', 686],
    // This one also keeps the entry count and directory offset in the ZIP64 end record.
    ['lean/equity/usa/minute/spy/20230803_trade.zip', '20230803_spy_minute_trade.csv', 947],
  ])('%s holds %s with %d rows', (file, name, rows) => {
    const [entry] = readZipEntries(fs.readFileSync(path.join(DATA, file)));
    expect(entry.name).toBe(name);
    expect(entry.data.toString('utf8').trimEnd().split('\n')).toHaveLength(rows);
  });

  it('refuses ZIP64 sizes without the ZIP64 field', () => {
    const zip = Buffer.from(
      fs.readFileSync(path.join(DATA, 'lean/equity/usa/minute/spy/20131004_trade.zip')),
    );
    const central = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const nameLength = zip.readUInt16LE(central + 28);
    zip.writeUInt16LE(0x9999, central + 46 + nameLength); // the extra field's id no longer says ZIP64
    expect(() => readZipEntries(zip)).toThrow(/ZIP64 sizes but no ZIP64 field/);
  });
});

describe('readZipEntries on built zips', () => {
  it('reads stored and deflated entries, in order, skipping folders', () => {
    const big = Buffer.from('x,'.repeat(50_000));
    const zip = buildZip([
      { name: 'data/', data: Buffer.alloc(0), method: 0 },
      { name: 'data/a.csv', data: csv, method: 0 },
      { name: 'data/b.csv', data: big, method: 8 },
      { name: 'empty.txt', data: Buffer.alloc(0), method: 8 },
    ]);
    const entries = readZipEntries(zip);
    expect(entries.map((e) => e.name)).toEqual(['data/a.csv', 'data/b.csv', 'empty.txt']);
    expect(entries[0].data.equals(csv)).toBe(true);
    expect(entries[1].data.equals(big)).toBe(true);
    expect(entries[2].data.length).toBe(0);
  });

  it('finds the end record behind an archive comment', () => {
    const zip = buildZip([{ name: 'a.csv', data: csv }], 'made by a test');
    expect(readZipEntries(zip)[0].data.equals(csv)).toBe(true);
  });

  it('reads an empty archive', () => {
    expect(readZipEntries(buildZip([]))).toEqual([]);
  });
});

describe('readZipEntries refusals', () => {
  it.each([
    '../evil.csv',
    '/abs.csv',
    'a/../../evil.csv',
    '..\\evil.csv',
    '\\abs.csv',
    'C:/evil.csv',
    'c:evil.csv',
    'ok/..',
  ])('an entry named %j (path traversal)', (name) => {
    const err = zipError(
      buildZip([
        { name: 'fine.csv', data: csv },
        { name, data: csv },
      ]),
    );
    expect(err.message).toBe(
      `zip entry "${name}" points outside its folder (path traversal); refusing the archive`,
    );
  });

  it('one flipped byte anywhere in the compressed data of a real zip', () => {
    const original = fs.readFileSync(path.join(SPOT_DAILY, '1m/BTCUSDT-1m-2020-01-01.zip'));
    const nameLength = original.readUInt16LE(26);
    const extraLength = original.readUInt16LE(28);
    const start = 30 + nameLength + extraLength;
    const compressedSize = original.readUInt32LE(18);
    expect(compressedSize).toBeGreaterThan(10_000);
    // Not the last byte: its unused padding bits may not matter.
    for (const fraction of [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99]) {
      const damaged = Buffer.from(original);
      damaged[start + Math.floor(compressedSize * fraction)] ^= 0x10;
      expect(zipError(damaged).message).toMatch(
        /^corrupt zip: (CRC-32 of entry|entry) "BTCUSDT-1m-2020-01-01\.csv"/,
      );
    }
  });

  it('a CRC-32 that does not match the data', () => {
    const err = zipError(buildZip([{ name: 'a.csv', data: csv, crc: (zlib.crc32(csv) ^ 1) >>> 0 }]));
    expect(err.message).toBe('corrupt zip: CRC-32 of entry "a.csv" does not match');
    const stored = zipError(buildZip([{ name: 'a.csv', data: csv, method: 0, crc: 0 }]));
    expect(stored.message).toMatch(/CRC-32/);
  });

  it.each(REAL_ZIPS.map(([f]) => f))('a truncated real zip (first half of %s)', (file) => {
    const zip = fs.readFileSync(path.join(SPOT_DAILY, file));
    expect(zipError(zip.subarray(0, Math.floor(zip.length / 2))).message).toBe(
      'not a zip file or truncated (no end-of-central-directory record)',
    );
  });

  it.each([
    ['an empty buffer', Buffer.alloc(0)],
    ['a few bytes', Buffer.from('PK')],
    ['a CSV', csv],
    ['21 zero bytes', Buffer.alloc(21)],
    ['a gzip', zlib.gzipSync(csv)],
  ])('not a zip: %s', (_label, bytes) => {
    expect(zipError(bytes).message).toBe('not a zip file or truncated (no end-of-central-directory record)');
  });

  it('an entry that inflates to more than it claims (zip bomb)', () => {
    const big = Buffer.alloc(100_000, 0x41);
    const err = zipError(buildZip([{ name: 'bomb.csv', data: big, size: 1000 }]));
    expect(err.message).toMatch(/^corrupt zip: entry "bomb\.csv" (does not inflate|inflates to)/);
  });

  it('an entry that inflates to less than it claims', () => {
    const err = zipError(buildZip([{ name: 'a.csv', data: csv, size: csv.length + 5 }]));
    expect(err.message).toBe(
      `corrupt zip: entry "a.csv" inflates to ${csv.length} bytes, expected ${csv.length + 5}`,
    );
  });

  it('an entry claiming more than 1 GiB, before inflating anything', () => {
    const err = zipError(buildZip([{ name: 'huge.csv', data: csv, size: 0xffff_fff0 }]));
    expect(err.message).toBe(`zip entry "huge.csv" claims ${0xffff_fff0} bytes, over the limit`);
  });

  it('an unsupported compression method', () => {
    const err = zipError(buildZip([{ name: 'a.csv', data: csv, method: 12 }]));
    expect(err.message).toBe(
      'zip entry "a.csv" uses compression method 12; only stored and deflate are supported',
    );
  });

  it('a local header offset outside the file', () => {
    const err = zipError(buildZip([{ name: 'a.csv', data: csv, localOffset: 1_000_000 }]));
    expect(err.message).toBe('corrupt zip: local header of "a.csv" is damaged');
  });

  it('a compressed size running past the end', () => {
    const err = zipError(buildZip([{ name: 'a.csv', data: csv, compressedSize: 1_000_000 }]));
    expect(err.message).toBe('corrupt zip: entry "a.csv" is truncated');
  });

  it('a central directory offset pointing at garbage', () => {
    const zip = buildZip([{ name: 'a.csv', data: csv }]);
    const eocd = zip.length - 22;
    zip.writeUInt32LE(3, eocd + 16);
    expect(zipError(zip).message).toBe('corrupt zip: central directory entry 1 is damaged');
  });

  it('an entry count larger than the central directory', () => {
    const zip = buildZip([{ name: 'a.csv', data: csv }]);
    zip.writeUInt16LE(2, zip.length - 22 + 10);
    expect(zipError(zip).message).toBe('corrupt zip: central directory entry 2 is damaged');
  });
});

describe('assertSafeEntryName', () => {
  it.each([
    'a.csv',
    'dir/a.csv',
    'a..b.csv',
    'dir/..a.csv',
    'a../b.csv',
    './a.csv',
    'BTCUSDT-1m-2020-01-01.csv',
    'dir\\a.csv',
  ])('accepts %j', (name) => {
    expect(() => assertSafeEntryName(name)).not.toThrow();
  });

  // Regression: a name that merely begins with two dots stays inside the folder.
  it.each(['..a.csv', '...csv'])('accepts the top-level name %j (it does not leave the folder)', (name) => {
    expect(() => assertSafeEntryName(name)).not.toThrow();
  });

  it.each([
    '..',
    '../a',
    'a/../../b',
    'a/b/../../../c',
    '/etc/passwd',
    '\\\\server\\share\\a',
    'D:\\a.csv',
    'z:a',
    'a\\..\\..\\b',
  ])('refuses %j', (name) => {
    expect(() => assertSafeEntryName(name)).toThrow(ZipError);
    expect(() => assertSafeEntryName(name)).toThrow(/points outside its folder/);
  });
});
