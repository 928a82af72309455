import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseChecksumFile, sha256Hex } from '../../src/core/ingest/archive/checksum.js';

const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/data');
const SPOT_DAILY = path.join(DATA, 'binance/spot/daily/klines/BTCUSDT');
const ZIPS = [
  '1m/BTCUSDT-1m-2020-01-01.zip',
  '1m/BTCUSDT-1m-2020-01-02.zip',
  '1m/BTCUSDT-1m-2020-01-03.zip',
  '1h/BTCUSDT-1h-2026-05-08.zip',
  '1h/BTCUSDT-1h-2026-05-09.zip',
].map((p) => path.join(SPOT_DAILY, p));

const DIGEST = 'a'.repeat(8) + '0123456789abcdef'.repeat(3) + 'b'.repeat(8);

describe('sha256Hex', () => {
  it('returns the lowercase hex SHA-256 of the bytes', () => {
    expect(sha256Hex(Buffer.alloc(0))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(sha256Hex(Buffer.from('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});

describe('parseChecksumFile', () => {
  it('reads "<sha256>  <name>" without a trailing newline', () => {
    expect(DIGEST).toHaveLength(64);
    expect(parseChecksumFile(`${DIGEST}  BTCUSDT-1m-2020-01-01.zip`, 'x.CHECKSUM')).toBe(DIGEST);
  });

  it('reads it with a trailing LF or CRLF, and leading blanks', () => {
    expect(parseChecksumFile(`${DIGEST}  a.zip\n`, 'x')).toBe(DIGEST);
    expect(parseChecksumFile(`${DIGEST}  a.zip\r\n`, 'x')).toBe(DIGEST);
    expect(parseChecksumFile(`\n  ${DIGEST}  a.zip`, 'x')).toBe(DIGEST);
    expect(parseChecksumFile(DIGEST, 'x')).toBe(DIGEST);
  });

  it('lowercases an uppercase digest', () => {
    expect(parseChecksumFile(`${DIGEST.toUpperCase()}  a.zip`, 'x')).toBe(DIGEST);
  });

  it.each([
    ['empty', ''],
    ['too short', `${DIGEST.slice(1)}  a.zip`],
    ['too long', `${DIGEST}f  a.zip`],
    ['not hex', `${DIGEST.slice(0, 63)}g  a.zip`],
    ['name first', `a.zip  ${DIGEST}`],
  ])('refuses %s text, naming the file', (_label, text) => {
    expect(() => parseChecksumFile(text, '/data/a.zip.CHECKSUM')).toThrow(
      '/data/a.zip.CHECKSUM: not a CHECKSUM file (expected a sha256 hex digest first)',
    );
  });
});

describe('real Data Vision CHECKSUM files', () => {
  it.each(ZIPS)('%s matches its CHECKSUM', (zipPath) => {
    const text = fs.readFileSync(`${zipPath}.CHECKSUM`, 'utf8');
    const expected = parseChecksumFile(text, `${zipPath}.CHECKSUM`);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
    expect(sha256Hex(fs.readFileSync(zipPath))).toBe(expected);
    // The name part is the zip's own name.
    expect(text.trim()).toBe(`${expected}  ${path.basename(zipPath)}`);
  });

  it('the 2020 files have no trailing newline (as published)', () => {
    for (const zipPath of ZIPS.slice(0, 3)) {
      const bytes = fs.readFileSync(`${zipPath}.CHECKSUM`);
      expect(bytes.at(-1)).not.toBe(0x0a);
      expect(bytes.length).toBe(64 + 2 + path.basename(zipPath).length);
    }
  });

  it('one changed byte in the zip changes the digest', () => {
    const bytes = Buffer.from(fs.readFileSync(ZIPS[0]));
    const expected = parseChecksumFile(fs.readFileSync(`${ZIPS[0]}.CHECKSUM`, 'utf8'), 'x');
    bytes[100] ^= 0x01;
    expect(sha256Hex(bytes)).not.toBe(expected);
  });
});
