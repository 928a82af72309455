import type { Database } from 'better-sqlite3';
import { cachedStatement } from './statement-cache.js';

/** A bucket object the lab downloaded and verified, and whether its content was ingested. */
export interface RemoteFileRecord {
  key: string;
  localPath: string;
  size: number;
  etag: string | null;
  lastModified: string | null;
  sha256: string;
  verifiedAt: number;
  ingestedSha256: string | null;
  ingestedAt: number | null;
}

export function findRemoteFile(db: Database, key: string): RemoteFileRecord | undefined {
  return cachedStatement(
    db,
    `SELECT key, local_path AS localPath, size, etag, last_modified AS lastModified, sha256, verified_at AS verifiedAt,
            ingested_sha256 AS ingestedSha256, ingested_at AS ingestedAt
       FROM remote_files WHERE key = ?`,
  ).get(key) as RemoteFileRecord | undefined;
}

/** Records a freshly verified download; a new content hash clears the "ingested" mark. */
export function recordVerifiedDownload(
  db: Database,
  record: Omit<RemoteFileRecord, 'ingestedSha256' | 'ingestedAt'>,
): void {
  cachedStatement(
    db,
    `INSERT INTO remote_files (key, local_path, size, etag, last_modified, sha256, verified_at)
       VALUES (@key, @localPath, @size, @etag, @lastModified, @sha256, @verifiedAt)
     ON CONFLICT (key) DO UPDATE SET local_path = excluded.local_path, size = excluded.size, etag = excluded.etag,
       last_modified = excluded.last_modified, sha256 = excluded.sha256, verified_at = excluded.verified_at`,
  ).run(record);
}

export function markRemoteFileIngested(db: Database, key: string, sha256: string, at: number): void {
  cachedStatement(db, 'UPDATE remote_files SET ingested_sha256 = ?, ingested_at = ? WHERE key = ?').run(
    sha256,
    at,
    key,
  );
}

/**
 * Whether the listing says the object changed since we verified it: a different ETag, or (for
 * servers without ETags) a different Last-Modified or size. This is how re-uploads are noticed.
 */
export function remoteChanged(
  known: Pick<RemoteFileRecord, 'etag' | 'lastModified' | 'size'>,
  listed: { etag: string | null; lastModified: string | null; size: number },
): boolean {
  if (known.etag && listed.etag) return known.etag !== listed.etag;
  if (known.lastModified && listed.lastModified && known.lastModified !== listed.lastModified) return true;
  return known.size !== listed.size;
}
