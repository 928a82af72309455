import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFlatFileBucket, type FlatFileBucket } from '../../src/core/ingest/polygon/flat-file-bucket.js';
import { listFlatFiles } from '../../src/core/ingest/polygon/list-flat-files.js';
import type { RetryPolicy } from '../../src/core/ingest/polygon/with-retries.js';
import { minuteKey } from '../helpers/s3-flatfiles/flat-file-format.js';
import {
  S3RVER_ACCESS_KEY,
  startFlatFileServer,
  TEST_SECRET_KEY,
  type FlatFileServer,
} from '../helpers/s3-flatfiles/flat-file-server.js';
import { sourceMinutesByDate } from '../helpers/s3-flatfiles/source-minutes.js';

const FEBRUARY = [
  '2025-02-03',
  '2025-02-04',
  '2025-02-05',
  '2025-02-06',
  '2025-02-07',
  '2025-02-10',
  '2025-02-11',
];
const PREFIX = 'us_stocks_sip/minute_aggs_v1/2025/02/';

let server: FlatFileServer;
let bucket: FlatFileBucket;
beforeAll(async () => {
  server = await startFlatFileServer();
  await server.createBucket('paging');
  const days = sourceMinutesByDate();
  await server.putDays('paging', new Map(FEBRUARY.map((d) => [d, days.get(d)!])));
  bucket = await openFlatFileBucket({
    endpoint: server.endpoint,
    bucket: 'paging',
    accessKeyId: S3RVER_ACCESS_KEY,
    secretAccessKey: TEST_SECRET_KEY,
    pageSize: 2,
  });
});
afterAll(async () => {
  bucket?.close();
  await server?.close();
});

const policy = (retries: string[] = []): RetryPolicy => ({
  maxAttempts: 3,
  baseMs: 10,
  signal: new AbortController().signal,
  onRetry: (info) => retries.push(info.what),
});

describe('listing a month of flat files (ListObjectsV2, paged)', () => {
  it('follows continuation tokens over every page, with ETag and size', async () => {
    const before = (await server.requests()).length;
    const files = await listFlatFiles(bucket, PREFIX, policy());
    expect(files.map((f) => f.key)).toEqual(FEBRUARY.map(minuteKey));
    expect(files.every((f) => /^"[0-9a-f]{32}"$/.test(f.etag ?? '') && f.size > 1000)).toBe(true);
    const lists = (await server.requests()).slice(before);
    // 7 keys in pages of 2: four requests, the last three continuing the one before.
    expect(lists).toHaveLength(4);
    expect(lists.map((r) => r.url.includes('continuation-token='))).toEqual([false, true, true, true]);
    expect(lists.every((r) => r.url.includes('max-keys=2') && r.status === 200)).toBe(true);
  });

  it('retries one page, not the whole listing, after a 5xx', async () => {
    await server.setFaults([{ match: 'continuation-token=', status: 503, times: 1 }]);
    const retries: string[] = [];
    const before = (await server.requests()).length;
    const files = await listFlatFiles(bucket, PREFIX, policy(retries));
    await server.setFaults([]);
    expect(files).toHaveLength(7);
    expect(retries).toEqual([`listing ${PREFIX} (page 2)`]);
    expect((await server.requests()).slice(before).map((r) => r.status)).toEqual([200, 503, 200, 200, 200]);
  });

  it('lists nothing for a month without files', async () => {
    expect(await listFlatFiles(bucket, 'us_stocks_sip/minute_aggs_v1/2025/03/', policy())).toEqual([]);
  });
});
