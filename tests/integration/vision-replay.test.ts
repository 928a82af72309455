import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { readZipEntries } from '../../src/core/ingest/archive/zip-reader.js';
import { parseListingXml } from '../../src/core/ingest/binance/vision/listing-xml.js';
import { dataPath } from '../helpers/paths.js';
import { baseBucket, startVisionReplay, type VisionReplay } from '../helpers/vision-replay/index.js';

const DAILY_1M = 'data/spot/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2020-01-01.zip';
const MONTHLY_1H = 'data/spot/monthly/klines/BTCUSDT/1h/BTCUSDT-1h-2020-01.zip';

let replay: VisionReplay | null = null;
afterEach(async () => {
  await replay?.close();
  replay = null;
});

const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

async function get(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  return {
    status: response.status,
    headers: response.headers,
    body: Buffer.from(await response.arrayBuffer()),
  };
}

describe('replay bucket', () => {
  it('builds once, quickly, laid out like data.binance.vision', () => {
    const started = performance.now();
    const bucket = baseBucket();
    expect(performance.now() - started).toBeLessThan(5000);
    expect(baseBucket()).toBe(bucket);
    const keys = [...bucket.keys()];
    for (const key of [
      DAILY_1M,
      `${DAILY_1M}.CHECKSUM`,
      'data/spot/daily/klines/BTCUSDT/1h/BTCUSDT-1h-2026-05-09.zip',
      MONTHLY_1H,
      `${MONTHLY_1H}.CHECKSUM`,
      'data/spot/monthly/klines/ETHUSDT/1h/ETHUSDT-1h-2021-12.zip',
      'data/futures/um/monthly/klines/AVAXUSDT/1m/AVAXUSDT-1m-2026-07.zip',
      'data/futures/um/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2022-05-06.zip',
      'data/futures/um/monthly/fundingRate/BTCUSDT/BTCUSDT-fundingRate-2026-04.zip.CHECKSUM',
    ]) {
      expect(keys).toContain(key);
    }
    expect(
      keys.every((k) => k.startsWith('data/') && (k.endsWith('.zip') || k.endsWith('.zip.CHECKSUM'))),
    ).toBe(true);
    expect(keys.filter((k) => k.endsWith('.zip')).length).toBe(
      keys.filter((k) => k.endsWith('.CHECKSUM')).length,
    );
  });

  it('serves the published daily archives and CHECKSUMs byte for byte', () => {
    const bucket = baseBucket();
    for (const name of ['BTCUSDT-1m-2020-01-02.zip', 'BTCUSDT-1m-2020-01-02.zip.CHECKSUM']) {
      const published = fs.readFileSync(
        dataPath('binance', 'spot', 'daily', 'klines', 'BTCUSDT', '1m', name),
      );
      expect(bucket.get(`data/spot/daily/klines/BTCUSDT/1m/${name}`)!.bytes.equals(published)).toBe(true);
    }
  });

  it('zips each monthly CSV under its own name, with a CHECKSUM in Binance format', () => {
    const bucket = baseBucket();
    const zip = bucket.get(MONTHLY_1H)!.bytes;
    const csv = fs.readFileSync(
      dataPath('binance', 'spot', 'monthly', 'klines-csv', 'BTCUSDT', '1h', 'BTCUSDT-1h-2020-01.csv'),
    );
    const entries = readZipEntries(zip);
    expect(entries.map((e) => e.name)).toEqual(['BTCUSDT-1h-2020-01.csv']);
    expect(entries[0].data.equals(csv)).toBe(true);
    expect(bucket.get(`${MONTHLY_1H}.CHECKSUM`)!.bytes.toString()).toBe(
      `${sha256(zip)}  BTCUSDT-1h-2020-01.zip`,
    );
  });
});

describe('replay server', () => {
  it('lists like S3 ListObjects V1: pages, NextMarker, CommonPrefixes', async () => {
    replay = await startVisionReplay({ maxKeys: 3 });
    const prefix = 'data/spot/daily/klines/BTCUSDT/1m/';
    const first = await get(`${replay.url}/?prefix=${encodeURIComponent(prefix)}&delimiter=/`);
    expect(first.status).toBe(200);
    const xml = first.body.toString();
    expect(xml).toContain('<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">');
    expect(xml).toContain('<Name>data.binance.vision</Name>');
    expect(xml).toContain('<StorageClass>STANDARD</StorageClass>');
    const one = parseListingXml(xml);
    expect(one.kind === 'page' && one.page).toMatchObject({
      isTruncated: true,
      nextMarker: `${prefix}BTCUSDT-1m-2020-01-02.zip`,
    });
    if (one.kind !== 'page') return;
    expect(one.page.objects.map((o) => o.key)).toEqual([
      `${prefix}BTCUSDT-1m-2020-01-01.zip`,
      `${prefix}BTCUSDT-1m-2020-01-01.zip.CHECKSUM`,
      `${prefix}BTCUSDT-1m-2020-01-02.zip`,
    ]);
    expect(one.page.objects[0]).toMatchObject({
      size: 69497,
      etag: expect.stringMatching(/^"[0-9a-f]{32}"$/),
    });

    const second = parseListingXml(
      (
        await get(
          `${replay.url}/?prefix=${encodeURIComponent(prefix)}&delimiter=/&marker=${encodeURIComponent(one.page.nextMarker!)}`,
        )
      ).body.toString(),
    );
    expect(second.kind === 'page' && second.page.objects.map((o) => o.key)).toEqual([
      `${prefix}BTCUSDT-1m-2020-01-02.zip.CHECKSUM`,
      `${prefix}BTCUSDT-1m-2020-01-03.zip`,
      `${prefix}BTCUSDT-1m-2020-01-03.zip.CHECKSUM`,
    ]);
    expect(second.kind === 'page' && second.page.isTruncated).toBe(false);

    const folders = parseListingXml(
      (await get(`${replay.url}/?prefix=data/spot/monthly/klines/&delimiter=/&max-keys=1`)).body.toString(),
    );
    expect(folders.kind === 'page' && folders.page).toMatchObject({
      objects: [],
      prefixes: ['data/spot/monthly/klines/BTCUSDT/'],
      isTruncated: true,
      nextMarker: 'data/spot/monthly/klines/BTCUSDT/',
    });
    const rest = parseListingXml(
      (
        await get(
          `${replay.url}/?prefix=data/spot/monthly/klines/&delimiter=/&marker=data/spot/monthly/klines/BTCUSDT/`,
        )
      ).body.toString(),
    );
    expect(rest.kind === 'page' && rest.page.prefixes).toEqual(['data/spot/monthly/klines/ETHUSDT/']);
  });

  it('serves files with ETag, Last-Modified, ranges and If-Range, and 404 for what is missing', async () => {
    replay = await startVisionReplay();
    const object = baseBucket().get(DAILY_1M)!;
    const whole = await get(`${replay.url}/${DAILY_1M}`);
    expect(whole.status).toBe(200);
    expect(whole.body.equals(object.bytes)).toBe(true);
    expect(whole.headers.get('etag')).toBe(object.etag);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.headers.get('content-length')).toBe(String(object.bytes.length));
    expect(Date.parse(whole.headers.get('last-modified')!)).toBe(object.lastModified.getTime());

    const tail = await get(`${replay.url}/${DAILY_1M}`, { range: 'bytes=1000-', 'if-range': object.etag });
    expect(tail.status).toBe(206);
    expect(tail.headers.get('content-range')).toBe(
      `bytes 1000-${object.bytes.length - 1}/${object.bytes.length}`,
    );
    expect(tail.body.equals(object.bytes.subarray(1000))).toBe(true);

    const stale = await get(`${replay.url}/${DAILY_1M}`, { range: 'bytes=1000-', 'if-range': '"0000"' });
    expect(stale.status).toBe(200);
    expect(stale.body.length).toBe(object.bytes.length);

    const beyond = await get(`${replay.url}/${DAILY_1M}`, { range: `bytes=${object.bytes.length}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${object.bytes.length}`);

    const head = await fetch(`${replay.url}/${DAILY_1M}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(object.bytes.length));

    expect(
      (await get(`${replay.url}/data/spot/daily/klines/BTCUSDT/1m/BTCUSDT-1m-1999-01-01.zip`)).status,
    ).toBe(404);
    expect(replay.requests.map((r) => [r.method, r.status])).toEqual([
      ['GET', 200],
      ['GET', 206],
      ['GET', 200],
      ['GET', 416],
      ['HEAD', 200],
      ['GET', 404],
    ]);
    expect(replay.requests[1]).toMatchObject({
      path: `/${DAILY_1M}`,
      range: 'bytes=1000-',
      bytesSent: object.bytes.length - 1000,
    });
  });

  it('re-uploads and deletes objects, with a new ETag and a later Last-Modified', async () => {
    replay = await startVisionReplay({
      include: (key) => key.includes('/1m/') && key.includes('spot/daily'),
    });
    expect(replay.keys()).toHaveLength(6);
    const before = (await get(`${replay.url}/${DAILY_1M}`)).headers;
    replay.putObject(DAILY_1M, Buffer.from('replaced'));
    const after = await get(`${replay.url}/${DAILY_1M}`);
    expect(after.body.toString()).toBe('replaced');
    expect(after.headers.get('etag')).not.toBe(before.get('etag'));
    expect(Date.parse(after.headers.get('last-modified')!)).toBeGreaterThan(
      Date.parse(before.get('last-modified')!),
    );
    replay.deleteObject(DAILY_1M);
    expect(replay.keys()).not.toContain(DAILY_1M);
    expect((await get(`${replay.url}/${DAILY_1M}`)).status).toBe(404);
  });

  it('injects status, corrupt and truncate faults, each for as many requests as asked', async () => {
    replay = await startVisionReplay();
    const object = baseBucket().get(DAILY_1M)!;
    replay.setFaults([
      { match: /\.zip$/, times: 2, fault: { type: 'status', status: 503, retryAfter: '1' } },
      { match: DAILY_1M, fault: { type: 'corrupt' } },
      { match: DAILY_1M, fault: { type: 'truncate', bytes: 100 } },
    ]);
    const busy = await get(`${replay.url}/${DAILY_1M}`);
    expect([busy.status, busy.headers.get('retry-after')]).toEqual([503, '1']);
    expect((await get(`${replay.url}/${DAILY_1M}`)).status).toBe(503);
    const corrupt = await get(`${replay.url}/${DAILY_1M}`);
    expect(corrupt.body.length).toBe(object.bytes.length);
    expect(corrupt.body.equals(object.bytes)).toBe(false);
    const short = await get(`${replay.url}/${DAILY_1M}`);
    expect([short.status, short.body.length]).toEqual([200, 100]);
    expect(short.body.equals(object.bytes.subarray(0, 100))).toBe(true);
    expect((await get(`${replay.url}/${DAILY_1M}`)).body.equals(object.bytes)).toBe(true);
  });

  it('lets a string naming a zip fault the archive, not its CHECKSUM', async () => {
    replay = await startVisionReplay();
    replay.setFaults([
      { match: 'BTCUSDT-1m-2020-01-01.zip', times: Infinity, fault: { type: 'status', status: 500 } },
      { match: 'BTCUSDT-1m-2020-01-02', times: Infinity, fault: { type: 'status', status: 502 } },
      { match: /2020-01-03\.zip\.CHECKSUM$/, fault: { type: 'status', status: 503 } },
    ]);
    const status = async (key: string) => (await get(`${replay!.url}/${key}`)).status;
    expect(await status(DAILY_1M)).toBe(500);
    expect(await status(`${DAILY_1M}.CHECKSUM`)).toBe(200);
    const second = 'data/spot/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2020-01-02.zip';
    expect([await status(second), await status(`${second}.CHECKSUM`)]).toEqual([502, 502]);
    const third = 'data/spot/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2020-01-03.zip';
    expect([await status(third), await status(`${third}.CHECKSUM`)]).toEqual([200, 503]);
  });

  it('restores an original object after a re-upload or a delete', async () => {
    replay = await startVisionReplay();
    const object = baseBucket().get(DAILY_1M)!;
    replay.putObject(DAILY_1M, Buffer.from('replaced'));
    replay.restoreObject(DAILY_1M);
    const restored = await get(`${replay.url}/${DAILY_1M}`);
    expect(restored.body.equals(object.bytes)).toBe(true);
    expect(restored.headers.get('etag')).toBe(object.etag);
    replay.deleteObject(DAILY_1M);
    replay.restoreObject(DAILY_1M);
    expect(replay.keys()).toContain(DAILY_1M);
    replay.putObject('data/new.zip', Buffer.from('x'));
    replay.restoreObject('data/new.zip');
    expect(replay.keys()).not.toContain('data/new.zip');
  });

  it('drops and stalls connections mid-body', async () => {
    replay = await startVisionReplay();
    replay.setFaults([
      { match: DAILY_1M, fault: { type: 'drop', afterBytes: 5000 } },
      { match: DAILY_1M, fault: { type: 'stall', afterBytes: 5000 } },
    ]);
    await expect(get(`${replay.url}/${DAILY_1M}`)).rejects.toThrow();
    const controller = new AbortController();
    const stalled = fetch(`${replay.url}/${DAILY_1M}`, { signal: controller.signal }).then((r) =>
      r.arrayBuffer(),
    );
    for (let waited = 0; (replay.requests[1]?.bytesSent ?? 0) < 5000 && waited < 5000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(replay.requests[1].bytesSent).toBe(5000); // and not a byte more while the socket stays open
    controller.abort();
    await expect(stalled).rejects.toThrow();
    expect(replay.requests[0]).toMatchObject({ status: 200, bytesSent: 5000 });
  });

  it('throttles each connection and counts concurrent downloads', async () => {
    replay = await startVisionReplay({ throttleBytesPerSec: 100_000 });
    const started = performance.now();
    const keys = [1, 2, 3].map((d) => `data/spot/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2020-01-0${d}.zip`);
    const bodies = await Promise.all(keys.map((key) => get(`${replay!.url}/${key}`)));
    const elapsed = performance.now() - started;
    // ~70 KB each at 100 KB/s per connection: about 0.7 s in parallel; a shared limit would take 2.1 s.
    expect(elapsed).toBeGreaterThan(600);
    expect(elapsed).toBeLessThan(1800);
    expect(bodies.every((b, i) => b.body.equals(baseBucket().get(keys[i])!.bytes))).toBe(true);
    expect(replay.maxConcurrentDownloads).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the server's side of the last response ends
    replay.resetStats();
    expect(replay.requests).toEqual([]);
    expect(replay.maxConcurrentDownloads).toBe(0);
  });
});
