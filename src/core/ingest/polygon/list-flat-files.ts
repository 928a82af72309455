import type { FlatFileBucket, RemoteFlatFile } from './flat-file-bucket.js';
import { withRetries, type RetryPolicy } from './with-retries.js';

/**
 * Every object under one month prefix, following ListObjectsV2 continuation tokens. Each page is
 * its own retried request, so a 5xx on page 3 repeats page 3, not the whole listing.
 */
export async function listFlatFiles(
  bucket: FlatFileBucket,
  prefix: string,
  policy: RetryPolicy,
): Promise<RemoteFlatFile[]> {
  const files: RemoteFlatFile[] = [];
  let token: string | undefined;
  let page = 1;
  do {
    const current = token;
    const result = await withRetries(`listing ${prefix} (page ${page})`, policy, () =>
      bucket.listPage(prefix, current, policy.signal),
    );
    files.push(...result.files);
    token = result.next;
    page++;
  } while (token);
  return files;
}
