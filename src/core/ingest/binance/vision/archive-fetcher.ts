import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import {
  findRemoteFile,
  markRemoteFileIngested,
  recordVerifiedDownload,
  remoteChanged,
} from '../../../store/remote-files.js';
import { parseChecksumFile, sha256Hex } from '../../archive/checksum.js';
import { FileRejected } from '../file-rejected.js';
import { rawCacheRelativePath } from './archive-keys.js';
import { downloadVerifiedArchive } from './download-archive.js';
import type { PlannedArchive } from './plan-archives.js';

/** How one planned archive ended. */
export type ArchiveOutcome =
  | {
      kind: 'ingested';
      archive: PlannedArchive;
      source: 'downloaded' | 'cache';
      reuploaded: boolean;
      rows: number;
    }
  | { kind: 'unchanged'; archive: PlannedArchive }
  | { kind: 'absent'; archive: PlannedArchive; reason: string }
  | { kind: 'rejected'; archive: PlannedArchive; reason: string; line?: number }
  | { kind: 'failed'; archive: PlannedArchive; reason: string };

/** Stores one verified archive's content; returns rows stored. Throws FileRejected for bad content. */
export type IngestArchive = (archive: PlannedArchive, localPath: string) => number;

export interface FetchArchivesOptions {
  db: Database;
  dataDir: string;
  baseUrl: string;
  archives: PlannedArchive[];
  concurrency: number;
  signal: AbortSignal;
  now: () => number;
  ingest: IngestArchive;
  onOutcome: (outcome: ArchiveOutcome) => void;
  onBytes: (key: string, received: number, total: number | null) => void;
  onRetry: (info: { url: string; attempt: number; reason: string; delayMs: number }) => void;
  stallTimeoutMs?: number;
  retry?: { maxAttempts?: number; baseMs?: number; maxMs?: number };
}

/**
 * Fetches planned archives with a fixed number of parallel downloads and ingests each as soon as
 * it is verified. An archive whose verified copy is in the raw cache with the same ETag costs no
 * network; one ingested before with the same content costs nothing at all; one whose ETag changed
 * (re-uploaded by Binance) is downloaded again and re-ingested, its bars replacing the old ones.
 */
export async function fetchArchives(options: FetchArchivesOptions): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < options.archives.length) {
      if (options.signal.aborted) return;
      const archive = options.archives[next++];
      options.onOutcome(await fetchOne(archive, options));
    }
  };
  const workers = Array.from(
    { length: Math.max(1, Math.min(options.concurrency, options.archives.length)) },
    worker,
  );
  // Settle every worker before returning: on a cancel one worker rejects at once while another may
  // still be storing a file it finished, and the summary must count that file.
  const settled = await Promise.allSettled(workers);
  if (options.signal.aborted) throw options.signal.reason ?? new Error('cancelled');
  const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
}

async function fetchOne(archive: PlannedArchive, options: FetchArchivesOptions): Promise<ArchiveOutcome> {
  const { db } = options;
  const localPath = path.join(options.dataDir, rawCacheRelativePath(archive.key));
  const known = findRemoteFile(db, archive.key);
  const reuploaded = Boolean(known && remoteChanged(known, archive.remote));
  // Its bars are stored and the server still has the same object: nothing to read or fetch.
  if (known && !reuploaded && known.ingestedSha256 === known.sha256) return { kind: 'unchanged', archive };
  const cachedCopy = known && !reuploaded && cacheIntact(localPath, known.sha256, known.size);
  if (!known) {
    const adopted = adoptCachedCopy(localPath, archive);
    if (adopted) {
      recordVerifiedDownload(db, { key: archive.key, localPath, ...adopted, verifiedAt: options.now() });
      return ingestVerified(archive, localPath, adopted.sha256, 'cache', false, options);
    }
  }

  let sha256: string;
  let source: 'downloaded' | 'cache';
  if (known && cachedCopy) {
    sha256 = known.sha256;
    source = 'cache';
  } else {
    if (reuploaded) removeQuietly(localPath);
    const outcome = await downloadVerifiedArchive({
      baseUrl: options.baseUrl,
      key: archive.key,
      destPath: localPath,
      remote: archive.remote,
      signal: options.signal,
      onBytes: (n: number) => options.onBytes(archive.key, n, archive.remote.size || null),
      onRetry: options.onRetry,
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.stallTimeoutMs ? { stallTimeoutMs: options.stallTimeoutMs } : {}),
    });
    if (outcome.status !== 'downloaded') {
      return {
        kind: outcome.status === 'absent' ? 'absent' : outcome.status,
        archive,
        reason: outcome.reason,
      } as ArchiveOutcome;
    }
    sha256 = outcome.sha256;
    source = 'downloaded';
    recordVerifiedDownload(db, {
      key: archive.key,
      localPath,
      size: outcome.bytes,
      etag: outcome.etag ?? archive.remote.etag,
      lastModified: outcome.lastModified ?? archive.remote.lastModified,
      sha256,
      verifiedAt: options.now(),
    });
  }
  return ingestVerified(archive, localPath, sha256, source, reuploaded, options);
}

function ingestVerified(
  archive: PlannedArchive,
  localPath: string,
  sha256: string,
  source: 'downloaded' | 'cache',
  reuploaded: boolean,
  options: FetchArchivesOptions,
): ArchiveOutcome {
  const { db } = options;
  try {
    const rows = options.ingest(archive, localPath);
    markRemoteFileIngested(db, archive.key, sha256, options.now());
    return { kind: 'ingested', archive, source, reuploaded, rows };
  } catch (err) {
    if (err instanceof FileRejected)
      return { kind: 'rejected', archive, reason: err.message, ...(err.line ? { line: err.line } : {}) };
    throw err;
  }
}

/** The cached copy is still the verified one (not deleted, truncated or edited since). */
function cacheIntact(localPath: string, sha256: string, size: number): boolean {
  try {
    const stat = fs.statSync(localPath);
    if (stat.size !== size) return false;
    return sha256Hex(fs.readFileSync(localPath)) === sha256;
  } catch {
    return false;
  }
}

/**
 * A copy in the raw cache that the database does not know (the database was deleted or the data
 * dir restored from a backup): adopted when it matches its published CHECKSUM and the listed size,
 * so rebuilding the database needs no network.
 */
function adoptCachedCopy(
  localPath: string,
  archive: PlannedArchive,
): { size: number; etag: string | null; lastModified: string | null; sha256: string } | null {
  try {
    const bytes = fs.readFileSync(localPath);
    if (archive.remote.size && bytes.length !== archive.remote.size) return null;
    const expected = parseChecksumFile(
      fs.readFileSync(`${localPath}.CHECKSUM`, 'utf8'),
      `${localPath}.CHECKSUM`,
    );
    const sha256 = sha256Hex(bytes);
    if (sha256 !== expected) return null;
    return {
      size: bytes.length,
      etag: archive.remote.etag,
      lastModified: archive.remote.lastModified,
      sha256,
    };
  } catch {
    return null;
  }
}

function removeQuietly(file: string): void {
  for (const p of [file, `${file}.CHECKSUM`]) fs.rmSync(p, { force: true });
}
