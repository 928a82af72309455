import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { baseBucket, bucketObject, type BucketObject } from './bucket.js';
import { FaultBook, type Fault, type FaultRule } from './faults.js';
import { listBucketXml, listObjects, s3ErrorXml } from './list-objects.js';

export interface VisionReplayOptions {
  /** Page size of the listing, the most a `max-keys` can ask for (default 1000, like S3). */
  maxKeys?: number;
  /** Which keys of the bucket exist on this server. */
  include?: (key: string) => boolean;
  /** Per-connection body rate, so transfers take measurable time. */
  throttleBytesPerSec?: number;
  /** Leave out NextMarker on truncated pages (what S3 does for a listing without delimiter). */
  omitNextMarker?: boolean;
}

export interface RequestLog {
  method: string;
  /** Decoded path: `/` for the listing, `/data/...` for files. */
  path: string;
  query: Record<string, string>;
  range?: string;
  ifRange?: string;
  /** 0 until the head is sent. */
  status: number;
  /** Body bytes written so far (grows while the response streams). */
  bytesSent: number;
  /** Date.now() when the request arrived. */
  at: number;
}

export interface VisionReplay {
  /** http://127.0.0.1:PORT, the base of both the listing (`/?prefix=…`) and the files (`/data/…`). */
  url: string;
  close(): Promise<void>;
  requests: RequestLog[];
  /** Replaces the active fault rules. */
  setFaults(rules: FaultRule[]): void;
  /** Adds or replaces an object (new ETag and Last-Modified): a re-upload. */
  putObject(key: string, bytes: Buffer): void;
  deleteObject(key: string): void;
  /** Puts back the bucket's original object for `key` (or removes it if the bucket had none). */
  restoreObject(key: string): void;
  keys(): string[];
  /** Peak number of GETs under /data/ in flight at once. */
  readonly maxConcurrentDownloads: number;
  /** Clears the request log and the concurrency peak. */
  resetStats(): void;
}

const CHUNK_BYTES = 64 * 1024;

/**
 * A local stand-in for data.binance.vision and its S3 listing, serving the real archives from
 * shared/data, with Range/If-Range like the CDN and injectable faults (busy statuses, drops,
 * stalls, corrupt or short bodies) for testing the download path without the internet.
 */
export async function startVisionReplay(options: VisionReplayOptions = {}): Promise<VisionReplay> {
  const objects = new Map<string, BucketObject>();
  for (const [key, object] of baseBucket())
    if (!options.include || options.include(key)) objects.set(key, object);
  let sortedKeys: string[] | null = null;
  const keys = () => (sortedKeys ??= [...objects.keys()].sort());
  const faults = new FaultBook();
  const requests: RequestLog[] = [];
  let inFlight = 0;
  let peak = 0;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://replay.invalid');
    const method = req.method ?? 'GET';
    const entry: RequestLog = {
      method,
      path: safeDecode(url.pathname),
      query: Object.fromEntries(url.searchParams),
      status: 0,
      bytesSent: 0,
      at: Date.now(),
    };
    if (req.headers.range) entry.range = req.headers.range;
    const ifRange = req.headers['if-range'];
    if (typeof ifRange === 'string') entry.ifRange = ifRange;
    requests.push(entry);
    if (method === 'GET' && entry.path.startsWith('/data/')) {
      inFlight++;
      peak = Math.max(peak, inFlight);
      let done = false;
      const settle = () => {
        if (!done) inFlight--;
        done = true;
      };
      // 'finish': the whole body is handed to the kernel; 'close': the client went away first.
      res.once('finish', settle);
      res.once('close', settle);
    }
    const reply = answer(entry, req, url);
    void send(res, entry, reply, faults.take(entry.path), options.throttleBytesPerSec);
  });

  function answer(entry: RequestLog, req: http.IncomingMessage, url: URL): Reply {
    if (entry.method !== 'GET' && entry.method !== 'HEAD') {
      return xmlReply(405, s3ErrorXml('MethodNotAllowed', `${entry.method} is not allowed`));
    }
    if (entry.path === '/') {
      const pageSize = options.maxKeys ?? 1000;
      const asked = Number(url.searchParams.get('max-keys') ?? pageSize);
      const params = {
        prefix: url.searchParams.get('prefix') ?? '',
        delimiter: url.searchParams.get('delimiter') ?? '',
        marker: url.searchParams.get('marker') ?? '',
        maxKeys: Math.max(0, Math.min(pageSize, Number.isFinite(asked) ? asked : pageSize)),
      };
      const result = listObjects(keys(), params);
      return xmlReply(
        200,
        listBucketXml(params, result, objects, { omitNextMarker: options.omitNextMarker }),
      );
    }
    const key = entry.path.slice(1);
    const object = objects.get(key);
    if (!object) return xmlReply(404, s3ErrorXml('NoSuchKey', 'The specified key does not exist.'));
    return objectReply(object, req.headers.range, entry.ifRange);
  }

  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setFaults: (rules) => faults.set(rules),
    putObject(key, bytes) {
      const previous = objects.get(key);
      // HTTP dates have whole seconds: a re-upload must look newer than what it replaces.
      const seconds = Math.floor(Date.now() / 1000) * 1000;
      const lastModified = new Date(Math.max(seconds, previous ? previous.lastModified.getTime() + 1000 : 0));
      objects.set(key, bucketObject(Buffer.from(bytes), lastModified));
      sortedKeys = null;
    },
    deleteObject(key) {
      objects.delete(key);
      sortedKeys = null;
    },
    restoreObject(key) {
      const original = baseBucket().get(key);
      if (original && (!options.include || options.include(key))) objects.set(key, original);
      else objects.delete(key);
      sortedKeys = null;
    },
    keys: () => [...keys()],
    get maxConcurrentDownloads() {
      return peak;
    },
    resetStats() {
      requests.length = 0;
      peak = inFlight;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Stalled and keep-alive connections would hold close() open forever.
        server.closeAllConnections();
      }),
  };
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

function xmlReply(status: number, xml: string): Reply {
  return { status, headers: { 'content-type': 'application/xml' }, body: Buffer.from(xml, 'utf8') };
}

/** GET/HEAD of an object with `Range: bytes=N-` / `bytes=N-M` / `bytes=-N`, honouring If-Range. */
function objectReply(object: BucketObject, range: string | undefined, ifRange: string | undefined): Reply {
  const size = object.bytes.length;
  const headers: Record<string, string> = {
    'content-type': 'application/octet-stream',
    etag: object.etag,
    'last-modified': object.lastModified.toUTCString(),
    'accept-ranges': 'bytes',
  };
  // If-Range names the version the client holds; any other version is sent whole.
  const sameVersion =
    ifRange === undefined || ifRange === object.etag || ifRange === headers['last-modified'];
  const match = range && sameVersion ? /^bytes=(\d*)-(\d*)$/.exec(range.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '')) return { status: 200, headers, body: object.bytes };
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(size - 1, Number(match[2]));
  }
  if (start >= size || end < start) {
    return {
      status: 416,
      headers: { ...headers, 'content-range': `bytes */${size}`, 'content-type': 'application/xml' },
      body: Buffer.from(s3ErrorXml('InvalidRange', 'The requested range is not satisfiable'), 'utf8'),
    };
  }
  return {
    status: 206,
    headers: { ...headers, 'content-range': `bytes ${start}-${end}/${size}` },
    body: object.bytes.subarray(start, end + 1),
  };
}

/** Writes the reply, bent by the fault if any, at the throttled rate. */
async function send(
  res: http.ServerResponse,
  entry: RequestLog,
  reply: Reply,
  fault: Fault | null,
  throttle?: number,
) {
  let { status, headers, body } = reply;
  if (fault?.type === 'status') {
    status = fault.status;
    headers = { 'content-type': 'application/xml' };
    if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
    body = Buffer.from(fault.body ?? s3ErrorXml('ReplayFault', `injected HTTP ${fault.status}`), 'utf8');
  } else if (fault?.type === 'corrupt' && body.length > 0) {
    body = Buffer.from(body);
    body[body.length >> 1] ^= 0xff;
  } else if (fault?.type === 'truncate') {
    body = body.subarray(0, Math.min(body.length, fault.bytes));
  }
  res.writeHead(status, { ...headers, 'content-length': String(body.length) });
  entry.status = status;
  if (entry.method === 'HEAD') {
    res.end();
    return;
  }
  const cut =
    fault?.type === 'drop' || fault?.type === 'stall' ? Math.min(fault.afterBytes, body.length) : body.length;
  const chunkBytes = throttle
    ? Math.max(1024, Math.min(CHUNK_BYTES, Math.floor(throttle / 20)))
    : CHUNK_BYTES;
  for (let offset = 0; offset < cut; offset += chunkBytes) {
    const chunk = body.subarray(offset, Math.min(cut, offset + chunkBytes));
    if (!(await write(res, chunk))) return;
    entry.bytesSent += chunk.length;
    if (throttle) await new Promise((resolve) => setTimeout(resolve, (chunk.length / throttle) * 1000));
    if (res.destroyed) return;
  }
  if (fault?.type === 'drop') res.socket?.destroy();
  else if (fault?.type !== 'stall') res.end();
  // A stall leaves the response open until the client gives up and closes the connection.
}

/** Resolves true once the chunk is handed to the kernel, false when the client went away. */
function write(res: http.ServerResponse, chunk: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve(false);
    const onClose = () => resolve(false);
    res.once('close', onClose);
    res.write(chunk, (err) => {
      res.off('close', onClose);
      resolve(!err);
    });
  });
}

function safeDecode(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}
