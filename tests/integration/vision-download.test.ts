import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  downloadVerifiedArchive,
  type DownloadArchiveOptions,
} from '../../src/core/ingest/binance/vision/download-archive.js';
import type { RetryInfo } from '../../src/core/net/http-get.js';
import { dataPath, tempDir } from '../helpers/paths.js';
import {
  baseBucket,
  checksumText,
  startVisionReplay,
  type VisionReplay,
} from '../helpers/vision-replay/index.js';

const MONTHLY = 'data/spot/monthly/klines/BTCUSDT/1h/BTCUSDT-1h-2020-01.zip';
const DAILY_PUBLISHED = 'data/spot/daily/klines/BTCUSDT/1h/BTCUSDT-1h-2026-05-08.zip';
const ZIP = /\.zip$/;
const FAST = { baseMs: 5, maxMs: 50 };

const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');
const original = (key: string) => baseBucket().get(key)!;

let replay: VisionReplay;
let dir: string;
let dest: string;
let retries: RetryInfo[];
beforeEach(async () => {
  replay = await startVisionReplay();
  dir = tempDir('tradelab-vision-');
  dest = path.join(dir, 'raw', 'BTCUSDT-1h-2020-01.zip');
  retries = [];
});
afterEach(async () => {
  await replay.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function download(overrides: Partial<DownloadArchiveOptions> = {}) {
  return downloadVerifiedArchive({
    baseUrl: replay.url,
    key: MONTHLY,
    destPath: dest,
    retry: FAST,
    stallTimeoutMs: 300,
    onRetry: (info) => retries.push(info),
    ...overrides,
  });
}

const zipRequests = () => replay.requests.filter((r) => r.path.endsWith('.zip'));

function expectVerifiedAt(file: string, key: string) {
  expect(fs.readFileSync(file).equals(original(key).bytes)).toBe(true);
  expect(fs.readFileSync(`${file}.CHECKSUM`).equals(original(`${key}.CHECKSUM`).bytes)).toBe(true);
  expect(fs.existsSync(`${file}.part`)).toBe(false);
}

describe('downloadVerifiedArchive', () => {
  it('lands a verified archive at destPath with its CHECKSUM exactly as published, and no .part', async () => {
    const target = path.join(dir, 'deep', 'er', 'BTCUSDT-1h-2026-05-08.zip');
    let received = 0;
    const outcome = await download({
      key: DAILY_PUBLISHED,
      destPath: target,
      onBytes: (n) => (received += n),
    });
    const object = original(DAILY_PUBLISHED);
    const published = fs.readFileSync(
      dataPath('binance', 'spot', 'daily', 'klines', 'BTCUSDT', '1h', 'BTCUSDT-1h-2026-05-08.zip.CHECKSUM'),
      'utf8',
    );
    expect(outcome).toEqual({
      status: 'downloaded',
      bytes: object.bytes.length,
      sha256: sha256(object.bytes),
      etag: object.etag,
      lastModified: object.lastModified.toUTCString(),
      resumedFrom: 0,
      attempts: 1,
      checksumText: published,
    });
    expect(received).toBe(object.bytes.length);
    expectVerifiedAt(target, DAILY_PUBLISHED);
    expect(fs.readFileSync(`${target}.CHECKSUM`, 'utf8')).toBe(published);
    expect(replay.requests.map((r) => r.path)).toEqual([
      `/${DAILY_PUBLISHED}.CHECKSUM`,
      `/${DAILY_PUBLISHED}`,
    ]);
    expect(retries).toEqual([]);
  });

  it('resumes with Range after a connection dropped mid-body', async () => {
    replay.setFaults([{ match: ZIP, fault: { type: 'drop', afterBytes: 10_000 } }]);
    let received = 0;
    const outcome = await download({ onBytes: (n) => (received += n) });
    expect(outcome).toMatchObject({
      status: 'downloaded',
      sha256: sha256(original(MONTHLY).bytes),
      attempts: 2,
      resumedFrom: 0,
    });
    const [first, second] = zipRequests();
    expect(first.range).toBeUndefined();
    const resumedAt = Number(/^bytes=(\d+)-$/.exec(second.range ?? '')?.[1]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBeLessThanOrEqual(10_000);
    expect(second.ifRange).toBe(original(MONTHLY).etag);
    expect(second.status).toBe(206);
    // Nothing was fetched twice: the resumed bytes plus the rest make the file.
    expect(received).toBe(original(MONTHLY).bytes.length);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ attempt: 1, reason: expect.stringContaining('connection dropped') });
    expectVerifiedAt(dest, MONTHLY);
  });

  it('gives up on a stalled connection after the stall timeout and resumes', async () => {
    replay.setFaults([{ match: ZIP, fault: { type: 'stall', afterBytes: 10_000 } }]);
    const outcome = await download({ stallTimeoutMs: 300 });
    expect(outcome.status).toBe('downloaded');
    const [first, second] = zipRequests();
    expect(second.at - first.at).toBeGreaterThanOrEqual(290);
    expect(second.range).toMatch(/^bytes=\d+-$/);
    expect(retries[0].reason).toContain('no data for 300 ms');
    expectVerifiedAt(dest, MONTHLY);
  });

  it('rides out a storm of 503s', async () => {
    replay.setFaults([{ match: ZIP, times: 3, fault: { type: 'status', status: 503 } }]);
    const outcome = await download();
    expect(outcome).toMatchObject({ status: 'downloaded', attempts: 4 });
    expect(zipRequests().map((r) => r.status)).toEqual([503, 503, 503, 200]);
    expect(retries.map((r) => r.attempt)).toEqual([1, 2, 3]);
    expectVerifiedAt(dest, MONTHLY);
  });

  it('waits at least the Retry-After of a 429', async () => {
    replay.setFaults([{ match: ZIP, fault: { type: 'status', status: 429, retryAfter: '1' } }]);
    const outcome = await download();
    expect(outcome.status).toBe('downloaded');
    const [first, second] = zipRequests();
    expect(second.at - first.at).toBeGreaterThanOrEqual(950);
    expect(retries[0]).toMatchObject({
      delayMs: 1000,
      reason: expect.stringContaining('HTTP 429 (rate limited)'),
    });
  });

  it('treats a 418 without Retry-After as a ban: waits the longest backoff, never hammers', async () => {
    replay.setFaults([{ match: ZIP, fault: { type: 'status', status: 418 } }]);
    const outcome = await download({ retry: { baseMs: 5, maxMs: 400 } });
    expect(outcome.status).toBe('downloaded');
    expect(retries[0]).toMatchObject({ delayMs: 400, reason: expect.stringContaining('IP banned') });
  });

  it('fails at once when the server asks for a wait longer than it will sit through', async () => {
    replay.setFaults([{ match: ZIP, fault: { type: 'status', status: 418, retryAfter: '7200' } }]);
    const outcome = await download();
    expect(outcome).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('asks to wait 7200 s'),
    });
    expect(zipRequests()).toHaveLength(1);
  });

  it('downloads once more from scratch when the archive does not match its CHECKSUM', async () => {
    replay.setFaults([{ match: ZIP, fault: { type: 'corrupt' } }]);
    const outcome = await download();
    expect(outcome).toMatchObject({ status: 'downloaded', attempts: 2, resumedFrom: 0 });
    expect(zipRequests().map((r) => [r.status, r.range])).toEqual([
      [200, undefined],
      [200, undefined],
    ]);
    expectVerifiedAt(dest, MONTHLY);
  });

  it('rejects an archive that mismatches twice, leaving nothing at destPath', async () => {
    replay.setFaults([{ match: ZIP, times: 2, fault: { type: 'corrupt' } }]);
    const outcome = await download();
    expect(outcome.status).toBe('rejected');
    const reason = (outcome as { reason: string }).reason;
    expect(reason).toContain(`checksum mismatch: sha256 of ${MONTHLY} is `);
    expect(reason).toContain(`but its CHECKSUM says ${sha256(original(MONTHLY).bytes)}`);
    expect(reason).toContain('try again later or report it to Binance');
    expect(fs.readdirSync(path.dirname(dest))).toEqual([]);
  });

  it('treats a short but "complete" reply as a damaged transfer', async () => {
    replay.setFaults([{ match: ZIP, fault: { type: 'truncate', bytes: 5000 } }]);
    const outcome = await download({
      remote: { key: MONTHLY, size: original(MONTHLY).bytes.length, etag: null, lastModified: null },
    });
    expect(outcome).toMatchObject({ status: 'downloaded', attempts: 2 });
    expectVerifiedAt(dest, MONTHLY);
  });

  it('reports an unpublished archive as absent', async () => {
    const outcome = await download({ key: 'data/spot/monthly/klines/BTCUSDT/1h/BTCUSDT-1h-2016-01.zip' });
    expect(outcome).toMatchObject({ status: 'absent', reason: expect.stringContaining('HTTP 404') });
    expect(replay.requests.map((r) => [r.method, r.status])).toEqual([
      ['GET', 404],
      ['HEAD', 404],
    ]);
    expect(retries).toEqual([]);
    expect(fs.existsSync(path.dirname(dest))).toBe(false);
  });

  it('rejects an archive published without a CHECKSUM, storing nothing', async () => {
    replay.deleteObject(`${MONTHLY}.CHECKSUM`);
    const outcome = await download();
    expect(outcome).toEqual({
      status: 'rejected',
      reason: `no CHECKSUM published for ${MONTHLY}; cannot verify, nothing stored`,
    });
    expect(fs.existsSync(dest)).toBe(false);
  });

  it('rejects a CHECKSUM that names another file', async () => {
    replay.putObject(
      `${MONTHLY}.CHECKSUM`,
      Buffer.from(`${sha256(original(MONTHLY).bytes)}  BTCUSDT-1h-2020-02.zip`),
    );
    const outcome = await download();
    expect(outcome).toMatchObject({
      status: 'rejected',
      reason: expect.stringContaining('is for "BTCUSDT-1h-2020-02.zip"'),
    });
  });

  it('fails with the last reason when retries run out, keeps the .part, and a later call resumes it', async () => {
    replay.setFaults([
      { match: ZIP, fault: { type: 'drop', afterBytes: 10_000 } },
      { match: ZIP, times: Infinity, fault: { type: 'status', status: 503 } },
    ]);
    const failed = await download({ retry: { ...FAST, maxAttempts: 3 } });
    expect(failed).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/gave up after 3 attempts: HTTP 503/),
    });
    expect(fs.existsSync(dest)).toBe(false);
    const kept = fs.statSync(`${dest}.part`).size;
    expect(kept).toBeGreaterThan(0);

    replay.setFaults([]);
    replay.resetStats();
    const resumed = await download({
      remote: {
        key: MONTHLY,
        size: original(MONTHLY).bytes.length,
        etag: original(MONTHLY).etag,
        lastModified: null,
      },
    });
    expect(resumed).toMatchObject({ status: 'downloaded', resumedFrom: kept, attempts: 1 });
    expect(zipRequests()[0]).toMatchObject({
      range: `bytes=${kept}-`,
      ifRange: original(MONTHLY).etag,
      status: 206,
    });
    expectVerifiedAt(dest, MONTHLY);
  });

  it('starts over when the file changed on the server since the .part was written (If-Range)', async () => {
    const old = original(MONTHLY);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.writeFileSync(`${dest}.part`, old.bytes.subarray(0, 10_000));
    // Binance re-uploads the month: new bytes (here another real month's zip), new CHECKSUM.
    const reuploaded = original('data/spot/monthly/klines/BTCUSDT/1h/BTCUSDT-1h-2020-02.zip').bytes;
    replay.putObject(MONTHLY, reuploaded);
    replay.putObject(`${MONTHLY}.CHECKSUM`, Buffer.from(checksumText('BTCUSDT-1h-2020-01.zip', reuploaded)));
    const outcome = await download({
      remote: { key: MONTHLY, size: old.bytes.length, etag: old.etag, lastModified: null },
    });
    expect(outcome).toMatchObject({
      status: 'downloaded',
      resumedFrom: 0,
      attempts: 1,
      sha256: sha256(reuploaded),
    });
    expect(zipRequests()[0]).toMatchObject({ range: 'bytes=10000-', ifRange: old.etag, status: 200 });
    expect(fs.readFileSync(dest).equals(reuploaded)).toBe(true);
  });

  it('verifies a .part that is already whole (the server answers 416) without fetching it again', async () => {
    const object = original(MONTHLY);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.writeFileSync(`${dest}.part`, object.bytes);
    const outcome = await download();
    expect(outcome).toMatchObject({
      status: 'downloaded',
      resumedFrom: object.bytes.length,
      bytes: object.bytes.length,
    });
    expect(zipRequests().map((r) => r.status)).toEqual([416]);
    expectVerifiedAt(dest, MONTHLY);
  });

  it('restarts from 0 when a .part is longer than the file (416)', async () => {
    const object = original(MONTHLY);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.writeFileSync(`${dest}.part`, Buffer.concat([object.bytes, Buffer.from('trailing junk')]));
    const outcome = await download();
    expect(outcome).toMatchObject({ status: 'downloaded', resumedFrom: 0, attempts: 2 });
    expect(zipRequests().map((r) => [r.status, r.range])).toEqual([
      [416, `bytes=${object.bytes.length + 13}-`],
      [200, undefined],
    ]);
    expectVerifiedAt(dest, MONTHLY);
  });

  it('rejects promptly with the abort reason when cancelled, keeping the .part', async () => {
    await replay.close();
    replay = await startVisionReplay({ throttleBytesPerSec: 20_000 });
    const controller = new AbortController();
    const started = performance.now();
    const pending = download({ signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const abortedAt = performance.now();
    controller.abort(new Error('cancelled by user'));
    await expect(pending).rejects.toThrow('cancelled by user');
    // The 42 KB archive needs ~1.8 s more at 20 KB/s; cancelling must not wait for it.
    expect(performance.now() - abortedAt).toBeLessThan(500);
    expect(performance.now() - started).toBeLessThan(1500);
    expect(fs.existsSync(dest)).toBe(false);
    expect(fs.statSync(`${dest}.part`).size).toBeGreaterThan(0);
    expect(fs.statSync(`${dest}.part`).size).toBeLessThan(original(MONTHLY).bytes.length);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('already cancelled'));
    await expect(download({ signal: controller.signal })).rejects.toThrow('already cancelled');
    expect(replay.requests).toEqual([]);
  });
});
