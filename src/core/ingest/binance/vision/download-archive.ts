import fsp from 'node:fs/promises';
import path from 'node:path';
import {
  DEFAULT_STALL_TIMEOUT_MS,
  getBytes,
  isRetryableStatus,
  openRequest,
  RetriesExhaustedError,
  statusFailure,
  TransientHttpError,
  withRetries,
  type HttpGetOptions,
  type RetryInfo,
  type RetryOptions,
} from '../../../net/http-get.js';
import { parseChecksumFile } from '../../archive/checksum.js';
import type { VisionObject } from './listing-xml.js';
import { fsyncFile, sha256OfFile, sizeOnDisk, writeFileAtomically } from './part-file.js';

export interface DownloadArchiveOptions {
  /** Download base, e.g. https://data.binance.vision (files at `<baseUrl>/<key>`). */
  baseUrl: string;
  /** Bucket key, e.g. `data/spot/monthly/klines/BTCUSDT/1h/BTCUSDT-1h-2020-01.zip`. */
  key: string;
  /** Final path in the raw cache; only verified bytes ever appear there. */
  destPath: string;
  /** What the listing said about the object (its size is used when the server sends no length). */
  remote?: VisionObject;
  signal?: AbortSignal;
  /** Bytes of the archive received, per chunk (for a transfer rate). */
  onBytes?: (n: number) => void;
  onRetry?: (info: RetryInfo) => void;
  retry?: RetryOptions;
  /** No byte for this long aborts an attempt, which is then resumed (default 30 s). */
  stallTimeoutMs?: number;
}

export type DownloadOutcome =
  | {
      status: 'downloaded';
      bytes: number;
      sha256: string;
      etag: string | null;
      lastModified: string | null;
      /** Bytes of an earlier partial download that the server let this call keep (0: from scratch). */
      resumedFrom: number;
      /** Requests for the archive itself, retries and the re-download after a mismatch included. */
      attempts: number;
      /** The CHECKSUM file exactly as published (also written beside destPath). */
      checksumText: string;
    }
  /** Not published: a 404, which is an answer, not an error. */
  | { status: 'absent'; reason: string }
  /** Published but unusable: no CHECKSUM, or the archive does not match it twice over. */
  | { status: 'rejected'; reason: string }
  /** The network or the server gave up; the `.part` file is kept so a re-run resumes it. */
  | { status: 'failed'; reason: string };

/** A status that is neither success, "absent" nor "busy": retrying would not change it. */
class UnexpectedStatus extends Error {}

type Published = { sha256: string; text: string } | Exclude<DownloadOutcome, { status: 'downloaded' }>;

type Transfer =
  | { kind: 'absent' }
  | { kind: 'complete'; etag: string | null; lastModified: string | null; resumedFrom: number };

/**
 * Downloads one Data Vision archive and verifies it against its published CHECKSUM before it
 * appears at `destPath` (with `<destPath>.CHECKSUM` beside it). Bytes go to `<destPath>.part`
 * first; a partial file left by a dropped connection or an earlier run is resumed with a Range
 * request. A checksum mismatch is downloaded once more from scratch (the transfer may have been
 * damaged) before the archive is rejected. Cancelling rejects with the signal's reason and keeps
 * the `.part`. Local disk errors are thrown: they are not the server's fault and would repeat.
 */
export async function downloadVerifiedArchive(options: DownloadArchiveOptions): Promise<DownloadOutcome> {
  const { key, destPath, signal } = options;
  const base = options.baseUrl.replace(/\/+$/, '');
  const zipUrl = `${base}/${key.split('/').map(encodeURIComponent).join('/')}`;
  const partPath = `${destPath}.part`;
  const http: HttpGetOptions = {
    signal,
    onRetry: options.onRetry,
    retry: options.retry,
    stallTimeoutMs: options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS,
  };
  try {
    const published = await fetchPublishedChecksum(zipUrl, key, http);
    if ('status' in published) return published;

    await fsp.mkdir(path.dirname(destPath), { recursive: true });
    let attempts = 0;
    const countAttempt = () => attempts++;
    for (let pass = 1; ; pass++) {
      const transfer = await transferToPart(zipUrl, partPath, options, http, countAttempt);
      if (transfer.kind === 'absent') {
        await fsp.rm(partPath, { force: true });
        return {
          status: 'absent',
          reason: `${key} is not on the server (HTTP 404 from ${zipUrl}), though its CHECKSUM is`,
        };
      }
      const sha256 = await sha256OfFile(partPath);
      if (sha256 === published.sha256) {
        const bytes = await sizeOnDisk(partPath);
        await fsyncFile(partPath);
        await writeFileAtomically(`${destPath}.CHECKSUM`, published.text);
        await fsp.rename(partPath, destPath);
        return {
          status: 'downloaded',
          bytes,
          sha256,
          etag: transfer.etag,
          lastModified: transfer.lastModified,
          resumedFrom: transfer.resumedFrom,
          attempts,
          checksumText: published.text,
        };
      }
      await fsp.rm(partPath, { force: true });
      if (pass >= 2) {
        return {
          status: 'rejected',
          reason:
            `checksum mismatch: sha256 of ${key} is ${sha256} but its CHECKSUM says ${published.sha256}; ` +
            'the archive on the server is damaged — try again later or report it to Binance',
        };
      }
    }
  } catch (err) {
    if (signal?.aborted) throw signal.reason;
    if (err instanceof RetriesExhaustedError || err instanceof UnexpectedStatus)
      return { status: 'failed', reason: err.message };
    throw err;
  }
}

/** The published digest, or why there is none to check against. */
async function fetchPublishedChecksum(zipUrl: string, key: string, http: HttpGetOptions): Promise<Published> {
  const checksumUrl = `${zipUrl}.CHECKSUM`;
  const response = await getBytes(checksumUrl, { ...http, maxBytes: 64 * 1024 });
  if (response.status === 404) {
    // Without a CHECKSUM: absent if the archive is missing too, unverifiable if only it exists.
    const head = await getBytes(zipUrl, { ...http, method: 'HEAD' });
    if (head.status === 404)
      return { status: 'absent', reason: `${key} is not on the server (HTTP 404 from ${zipUrl})` };
    if (head.status >= 200 && head.status < 300) {
      return {
        status: 'rejected',
        reason: `no CHECKSUM published for ${key}; cannot verify, nothing stored`,
      };
    }
    throw new UnexpectedStatus(`HTTP ${head.status} from ${zipUrl} (HEAD)`);
  }
  if (response.status !== 200) throw new UnexpectedStatus(`HTTP ${response.status} from ${checksumUrl}`);
  const text = response.body.toString('utf8');
  let sha256: string;
  try {
    sha256 = parseChecksumFile(text, checksumUrl);
  } catch (err) {
    return { status: 'rejected', reason: `${(err as Error).message}; cannot verify ${key}, nothing stored` };
  }
  const named = text.trim().split(/\s+/)[1];
  const expectedName = key.slice(key.lastIndexOf('/') + 1);
  if (named !== undefined && named.replace(/^\*/, '') !== expectedName) {
    return {
      status: 'rejected',
      reason: `the CHECKSUM published for ${key} is for "${named}", not ${expectedName}; cannot verify, nothing stored`,
    };
  }
  return { sha256, text };
}

/**
 * Brings `<destPath>.part` to the server's full length, resuming what is on disk and retrying drops,
 * stalls and busy answers. The result is not verified yet.
 */
async function transferToPart(
  zipUrl: string,
  partPath: string,
  options: DownloadArchiveOptions,
  http: HttpGetOptions,
  countAttempt: () => void,
): Promise<Transfer> {
  // If-Range makes the server send the whole file when it changed since the bytes we hold.
  let knownEtag = options.remote?.etag ?? null;
  let resumedFrom: number | null = null;
  return withRetries(zipUrl, http, async () => {
    countAttempt();
    const have = await sizeOnDisk(partPath);
    const headers: Record<string, string> = {};
    if (have > 0) {
      headers.range = `bytes=${have}-`;
      if (knownEtag) headers['if-range'] = knownEtag;
    }
    const response = await openRequest(zipUrl, {
      headers,
      signal: http.signal,
      stallTimeoutMs: http.stallTimeoutMs!,
    });
    const { status } = response;
    const etag = headerValue(response.headers.etag) ?? knownEtag;
    const lastModified =
      headerValue(response.headers['last-modified']) ?? options.remote?.lastModified ?? null;
    if (status === 404) {
      response.discard();
      return { kind: 'absent' } as const;
    }
    if (isRetryableStatus(status)) {
      response.discard();
      throw statusFailure(zipUrl, status, response.headers);
    }
    if (status === 416 && have > 0) {
      response.discard();
      // `bytes */N`: the .part already holds the whole file (an earlier run stopped before verifying).
      if (parseContentRange(response.headers['content-range'])?.total === have) {
        return { kind: 'complete', etag, lastModified, resumedFrom: resumedFrom ?? have } as const;
      }
      await fsp.truncate(partPath, 0);
      throw new TransientHttpError(
        `${zipUrl}: the server cannot resume at byte ${have} (HTTP 416: the file is shorter now); starting again from 0`,
      );
    }
    let start = 0;
    let total = numberOrNull(response.headers['content-length']);
    if (status === 206) {
      const range = parseContentRange(response.headers['content-range']);
      if (!range || range.start !== have) {
        response.discard();
        await fsp.truncate(partPath, 0);
        throw new TransientHttpError(
          `${zipUrl}: asked for bytes from ${have} but got Content-Range "${response.headers['content-range'] ?? ''}"; starting again from 0`,
        );
      }
      start = have;
      total = range.total;
    } else if (status !== 200) {
      response.discard();
      throw new UnexpectedStatus(`HTTP ${status} from ${zipUrl}`);
    }
    total ??= options.remote?.size ?? null;
    resumedFrom ??= start;
    knownEtag = etag;

    // 200 is the whole file (Range ignored, or If-Range saw a changed file): it replaces the .part.
    const file = await fsp.open(partPath, start === 0 ? 'w' : 'a');
    let received: number;
    try {
      received = await response.consume(async (chunk) => {
        await file.write(chunk);
        options.onBytes?.(chunk.length);
      });
    } finally {
      await file.close();
    }
    const size = start + received;
    if (total !== null && size < total) {
      throw new TransientHttpError(`${zipUrl}: the connection closed after ${size} of ${total} bytes`);
    }
    return { kind: 'complete', etag, lastModified, resumedFrom } as const;
  });
}

// `bytes 100-199/200` → {start 100, total 200}; `bytes */200` (a 416) → {start null, total 200};
// an unknown total (`/*`) → null.
function parseContentRange(
  header: string | undefined,
): { start: number | null; total: number | null } | null {
  const match = /^\s*bytes\s+(?:(\d+)-\d+|\*)\/(\d+|\*)\s*$/i.exec(header ?? '');
  if (!match) return null;
  return {
    start: match[1] !== undefined ? Number(match[1]) : null,
    total: match[2] === '*' ? null : Number(match[2]),
  };
}

function numberOrNull(header: string | undefined): number | null {
  if (header === undefined || header.trim() === '') return null;
  const value = Number(header);
  return Number.isSafeInteger(value) && value >= 0 ? value : null;
}

function headerValue(header: string | string[] | undefined): string | null {
  if (header === undefined) return null;
  return Array.isArray(header) ? (header[0] ?? null) : header;
}
