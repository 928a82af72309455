import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { listVision, VisionListingError } from '../../src/core/ingest/binance/vision/listing.js';
import type { RetryInfo } from '../../src/core/net/http-get.js';
import { baseBucket, startVisionReplay, type VisionReplay } from '../helpers/vision-replay/index.js';

const FAST = { baseMs: 5, maxMs: 50 };
const PREFIX = 'data/spot/monthly/klines/BTCUSDT/1h/';

let replay: VisionReplay | null = null;
let plain: http.Server | null = null;
afterEach(async () => {
  await replay?.close();
  replay = null;
  await new Promise((resolve) => (plain ? plain.close(resolve) : resolve(null)));
  plain = null;
});

/** A server that answers every request with one fixed body (a misconfigured "listing URL"). */
async function serveFixed(status: number, contentType: string, body: string): Promise<string> {
  plain = http.createServer((_req, res) => {
    res.writeHead(status, { 'content-type': contentType });
    res.end(body);
  });
  await new Promise<void>((resolve) => plain!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
}

describe('listVision against the replay bucket', () => {
  it('returns every key across pages of 3, with sizes and ETags', async () => {
    replay = await startVisionReplay();
    const expected = [...baseBucket().keys()].filter((k) => k.startsWith(PREFIX)).sort();
    expect(expected.length).toBeGreaterThan(100);
    const listing = await listVision(replay.url, PREFIX, { maxKeys: 3 });
    expect(listing.objects.map((o) => o.key)).toEqual(expected);
    expect(listing.prefixes).toEqual([]);
    const first = listing.objects[0];
    expect(first).toEqual({
      key: expected[0],
      size: baseBucket().get(expected[0])!.bytes.length,
      etag: baseBucket().get(expected[0])!.etag,
      lastModified: baseBucket().get(expected[0])!.lastModified.toISOString(),
    });
    const pages = replay.requests.filter((r) => r.path === '/');
    expect(pages).toHaveLength(Math.ceil(expected.length / 3));
    expect(pages[0].query).toEqual({ prefix: PREFIX, delimiter: '/', 'max-keys': '3' });
    expect(pages[1].query.marker).toBe(expected[2]);
  });

  it('lists sub-folders as prefixes', async () => {
    replay = await startVisionReplay();
    const listing = await listVision(`${replay.url}/`, 'data/futures/um/monthly/klines/', { maxKeys: 2 });
    expect(listing.objects).toEqual([]);
    expect(listing.prefixes).toEqual([
      'data/futures/um/monthly/klines/AVAXUSDT/',
      'data/futures/um/monthly/klines/BTCUSDT/',
      'data/futures/um/monthly/klines/LINKUSDT/',
    ]);
  });

  it('continues after the last key when a truncated page has no NextMarker', async () => {
    replay = await startVisionReplay({ maxKeys: 4, omitNextMarker: true });
    const listing = await listVision(replay.url, 'data/spot/daily/klines/BTCUSDT/1m/');
    expect(listing.objects.map((o) => o.key.slice(o.key.lastIndexOf('/') + 1))).toEqual([
      'BTCUSDT-1m-2020-01-01.zip',
      'BTCUSDT-1m-2020-01-01.zip.CHECKSUM',
      'BTCUSDT-1m-2020-01-02.zip',
      'BTCUSDT-1m-2020-01-02.zip.CHECKSUM',
      'BTCUSDT-1m-2020-01-03.zip',
      'BTCUSDT-1m-2020-01-03.zip.CHECKSUM',
    ]);
    expect(replay.requests[1].query.marker).toBe(
      'data/spot/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2020-01-02.zip.CHECKSUM',
    );
  });

  it('retries a busy page with the same policy as downloads', async () => {
    replay = await startVisionReplay({ maxKeys: 100 });
    replay.setFaults([{ match: '/', times: 2, fault: { type: 'status', status: 503 } }]);
    const retries: RetryInfo[] = [];
    const listing = await listVision(replay.url, PREFIX, {
      retry: FAST,
      onRetry: (info) => retries.push(info),
    });
    expect(listing.objects.length).toBeGreaterThan(100);
    expect(retries.map((r) => r.attempt)).toEqual([1, 2]);
    expect(retries[0].reason).toContain('HTTP 503');
  });

  it('gives up with a VisionListingError when retries run out', async () => {
    replay = await startVisionReplay();
    replay.setFaults([{ match: '/', times: Infinity, fault: { type: 'status', status: 500 } }]);
    const error = await listVision(replay.url, PREFIX, { retry: { ...FAST, maxAttempts: 3 } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(VisionListingError);
    expect((error as Error).message).toMatch(/gave up after 3 attempts: HTTP 500/);
    expect(replay.requests).toHaveLength(3);
  });

  it('explains an S3 error body: the URL, the status and what to check', async () => {
    const url = await serveFixed(
      403,
      'application/xml',
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
    );
    const error = (await listVision(url, PREFIX).catch((e: unknown) => e)) as VisionListingError;
    expect(error).toBeInstanceOf(VisionListingError);
    expect(error.status).toBe(403);
    expect(error.message).toContain(`${url}/?prefix=${encodeURIComponent(PREFIX)}&delimiter=/`);
    expect(error.message).toContain('HTTP 403 with an S3 error AccessDenied ("Access Denied")');
    expect(error.message).toContain('TRADELAB_BINANCE_VISION_URL');
    expect(error.message).toContain('--vision-url');
  });

  it('explains an HTML page where the listing was expected (the website, not the bucket)', async () => {
    const url = await serveFixed(
      200,
      'text/html',
      '<!DOCTYPE html><html><head><title>Binance Data Collection</title></head></html>',
    );
    await expect(listVision(url, PREFIX)).rejects.toThrow(
      /answered HTTP 200 with an HTML page, not an S3 bucket listing.*s3-ap-northeast-1/,
    );
  });

  it('stops at once when cancelled', async () => {
    replay = await startVisionReplay();
    replay.setFaults([{ match: '/', fault: { type: 'stall', afterBytes: 10 } }]);
    const controller = new AbortController();
    const started = performance.now();
    const pending = listVision(replay.url, PREFIX, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('cancelled by test')), 50);
    await expect(pending).rejects.toThrow('cancelled by test');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
