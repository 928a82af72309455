import type { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';

/** One object of the bucket listing. */
export interface RemoteFlatFile {
  key: string;
  etag: string | null;
  size: number;
}

/** An object opened for reading: its body streams, nothing is buffered. */
export interface OpenedFlatFile {
  body: Readable;
  etag: string | null;
  /** Content-Length, when the server sent it. */
  size: number | null;
}

export interface FlatFileBucketOptions {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Keys per ListObjectsV2 page (S3's maximum and default is 1000). */
  pageSize?: number;
  /** A connection silent for this long is dropped (and retried by the caller). */
  stallTimeoutMs?: number;
}

/** The calls the flat-file job makes; one attempt each (the caller retries). */
export interface FlatFileBucket {
  /** One ListObjectsV2 page under `prefix`; `next` is the continuation token of the next page. */
  listPage(
    prefix: string,
    continuationToken: string | undefined,
    signal: AbortSignal,
  ): Promise<{ files: RemoteFlatFile[]; next: string | undefined }>;
  open(key: string, signal: AbortSignal): Promise<OpenedFlatFile>;
  close(): void;
}

const DEFAULT_STALL_TIMEOUT_MS = 30_000;

/**
 * A client for the Polygon / Massive flat-file bucket (any S3-compatible endpoint): path-style
 * addressing, region us-east-1, and SDK retries off (`maxAttempts: 1`) so that the job's own
 * backoff is the only retry loop. The SDK is loaded on first use: job hosts that never fetch flat
 * files do not pay for it. The keys live only inside the client object.
 */
export async function openFlatFileBucket(options: FlatFileBucketOptions): Promise<FlatFileBucket> {
  // The SDK warns on every Node below 22 about its support plans; the lab supports Node 20, so the
  // warning would only clutter the job's output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const sdk = await import('@aws-sdk/client-s3');
  const stallTimeoutMs = options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
  const client: S3Client = new sdk.S3Client({
    endpoint: options.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    maxAttempts: 1,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // socketTimeout: no byte for this long, while waiting for headers or in the middle of a body. (A
    // whole-request timeout would cut off a large file on a slow but live link.)
    requestHandler: { socketTimeout: stallTimeoutMs, connectionTimeout: stallTimeoutMs },
  });
  const bucket = options.bucket;
  const pageSize = options.pageSize ?? 1000;

  const listPage: FlatFileBucket['listPage'] = async (prefix, continuationToken, signal) => {
    const page = await client.send(
      new sdk.ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        MaxKeys: pageSize,
        ...(continuationToken ? { ContinuationToken: continuationToken } : {}),
      }),
      { abortSignal: signal },
    );
    const files = (page.Contents ?? [])
      .filter((o) => o.Key !== undefined)
      .map((o) => ({ key: o.Key!, etag: o.ETag ?? null, size: o.Size ?? 0 }));
    return { files, next: page.IsTruncated ? page.NextContinuationToken : undefined };
  };

  return {
    listPage,
    async open(key, signal) {
      const response = await client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: key }), {
        abortSignal: signal,
      });
      const body = response.Body as Readable | undefined;
      if (!body) throw new Error(`${key}: the server sent no body`);
      // A cancel must stop a body that is streaming, not only a request still waiting for headers.
      const onAbort = () => body.destroy(Object.assign(new Error('cancelled'), { name: 'AbortError' }));
      signal.addEventListener('abort', onAbort, { once: true });
      body.once('close', () => signal.removeEventListener('abort', onAbort));
      return { body, etag: response.ETag ?? null, size: response.ContentLength ?? null };
    },
    close() {
      client.destroy();
    },
  };
}
