import zlib from 'node:zlib';

export interface ZipEntry {
  name: string;
  data: Buffer;
}

/** Refuse to inflate more than this from one entry: a kline CSV of a month of 1s bars is ~300 MB. */
const MAX_ENTRY_BYTES = 1024 * 1024 * 1024;

export class ZipError extends Error {}

/**
 * Reads every file entry of a zip held in memory. Checks what a hostile or damaged archive could
 * get wrong: a missing end record, entries pointing outside the file, names escaping the folder
 * (path traversal), unsupported compression, sizes that lie (zip bombs) and CRC-32 mismatches.
 */
export function readZipEntries(zip: Buffer): ZipEntry[] {
  const eocd = findEndOfCentralDirectory(zip);
  const directory = centralDirectory(zip, eocd);
  const count = directory.count;
  let offset = directory.offset;
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (offset + 46 > zip.length || zip.readUInt32LE(offset) !== 0x02014b50) {
      throw new ZipError(`corrupt zip: central directory entry ${i + 1} is damaged`);
    }
    const method = zip.readUInt16LE(offset + 10);
    const crc = zip.readUInt32LE(offset + 16);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    const extra = zip.subarray(offset + 46 + nameLength, offset + 46 + nameLength + extraLength);
    const { size, compressedSize, localOffset } = entrySizes(zip, offset, extra, name);
    offset += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/')) continue;
    assertSafeEntryName(name);
    if (size > MAX_ENTRY_BYTES)
      throw new ZipError(`zip entry "${name}" claims ${size} bytes, over the limit`);
    const data = inflateEntry(zip, localOffset, method, compressedSize, size, name);
    if (zlib.crc32(data) !== crc) throw new ZipError(`corrupt zip: CRC-32 of entry "${name}" does not match`);
    entries.push({ name, data });
  }
  return entries;
}

const ZIP64_MARK = 0xffffffff;

/**
 * Entry count and offset of the central directory. When the end record holds 0xFFFF / 0xFFFFFFFF
 * the real values are in the ZIP64 end record, found through the locator just before it.
 */
function centralDirectory(zip: Buffer, eocd: number): { count: number; offset: number } {
  const count = zip.readUInt16LE(eocd + 10);
  const offset = zip.readUInt32LE(eocd + 16);
  if (count !== 0xffff && offset !== ZIP64_MARK) return { count, offset };
  const locator = eocd - 20;
  if (locator < 0 || zip.readUInt32LE(locator) !== 0x07064b50) return { count, offset };
  const record = Number(zip.readBigUInt64LE(locator + 8));
  if (record + 56 > zip.length || zip.readUInt32LE(record) !== 0x06064b50) {
    throw new ZipError('corrupt zip: the ZIP64 end-of-central-directory record is damaged');
  }
  return {
    count: Number(zip.readBigUInt64LE(record + 32)),
    offset: Number(zip.readBigUInt64LE(record + 48)),
  };
}

/**
 * Sizes and offset of a central directory entry. Writers that stream (QuantConnect's Lean data,
 * .NET's ZipArchive) put 0xFFFFFFFF there and the real values in the ZIP64 extra field (id 1),
 * which lists only the fields that overflowed, in this order.
 */
function entrySizes(zip: Buffer, offset: number, extra: Buffer, name: string) {
  let size = zip.readUInt32LE(offset + 24);
  let compressedSize = zip.readUInt32LE(offset + 20);
  let localOffset = zip.readUInt32LE(offset + 42);
  if (size !== ZIP64_MARK && compressedSize !== ZIP64_MARK && localOffset !== ZIP64_MARK) {
    return { size, compressedSize, localOffset };
  }
  let field = findExtraField(extra, 0x0001);
  if (!field) throw new ZipError(`corrupt zip: entry "${name}" has ZIP64 sizes but no ZIP64 field`);
  const next = () => {
    if (field!.length < 8) throw new ZipError(`corrupt zip: the ZIP64 field of "${name}" is too short`);
    const value = Number(field!.readBigUInt64LE(0));
    field = field!.subarray(8);
    return value;
  };
  if (size === ZIP64_MARK) size = next();
  if (compressedSize === ZIP64_MARK) compressedSize = next();
  if (localOffset === ZIP64_MARK) localOffset = next();
  return { size, compressedSize, localOffset };
}

function findExtraField(extra: Buffer, id: number): Buffer | null {
  let at = 0;
  while (at + 4 <= extra.length) {
    const fieldId = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (fieldId === id) return extra.subarray(at + 4, Math.min(extra.length, at + 4 + length));
    at += 4 + length;
  }
  return null;
}

function findEndOfCentralDirectory(zip: Buffer): number {
  // The end record is 22 bytes plus a comment of up to 65,535 bytes, at the very end of the file.
  const lowest = Math.max(0, zip.length - 22 - 0xffff);
  for (let i = zip.length - 22; i >= lowest; i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) return i;
  }
  throw new ZipError('not a zip file or truncated (no end-of-central-directory record)');
}

/** Entry names must stay inside the folder they would be extracted to. */
export function assertSafeEntryName(name: string): void {
  const normalised = name.replace(/\\/g, '/');
  if (normalised.startsWith('/') || /^[a-zA-Z]:/.test(normalised) || normalised.split('/').includes('..')) {
    throw new ZipError(
      `zip entry "${name}" points outside its folder (path traversal); refusing the archive`,
    );
  }
}

function inflateEntry(
  zip: Buffer,
  localOffset: number,
  method: number,
  compressedSize: number,
  size: number,
  name: string,
): Buffer {
  if (localOffset + 30 > zip.length || zip.readUInt32LE(localOffset) !== 0x04034b50) {
    throw new ZipError(`corrupt zip: local header of "${name}" is damaged`);
  }
  const start = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
  const end = start + compressedSize;
  if (end > zip.length) throw new ZipError(`corrupt zip: entry "${name}" is truncated`);
  const raw = zip.subarray(start, end);
  let data: Buffer;
  try {
    if (method === 0) data = Buffer.from(raw);
    else if (method === 8) data = zlib.inflateRawSync(raw, { maxOutputLength: Math.max(size, 1) });
    else
      throw new ZipError(
        `zip entry "${name}" uses compression method ${method}; only stored and deflate are supported`,
      );
  } catch (err) {
    if (err instanceof ZipError) throw err;
    throw new ZipError(`corrupt zip: entry "${name}" does not inflate (${(err as Error).message})`);
  }
  if (data.length !== size)
    throw new ZipError(`corrupt zip: entry "${name}" inflates to ${data.length} bytes, expected ${size}`);
  return data;
}
