import { JobFailure } from '../../jobs/job-context.js';
import type { SecretValues } from '../../secrets/secret-store.js';
import type { S3Failure } from './s3-errors.js';

const WHERE_KEYS =
  'POLYGON_S3_ACCESS_KEY and POLYGON_S3_SECRET_KEY (or Settings → Data sources): use the "Flat Files" S3 keys from your Massive dashboard, not the REST API key';

/**
 * A failure that ends the whole job at once, with one sentence that names the setting to fix:
 * credentials missing or refused, or a bucket that does not exist. Never retried (a retry storm
 * against refused keys helps no one) and never carries a key's value.
 */
export class PolygonAccessError extends JobFailure {
  constructor(message: string) {
    super(message);
    this.name = 'PolygonAccessError';
  }
}

/** The S3 keys from the job's secrets; missing ones end the job with the settings to set. */
export function flatFileCredentials(secrets: SecretValues): { accessKeyId: string; secretAccessKey: string } {
  const accessKeyId = secrets.polygonS3AccessKey;
  const secretAccessKey = secrets.polygonS3SecretKey;
  if (!accessKeyId || !secretAccessKey) {
    throw new PolygonAccessError(`Polygon/Massive flat files need S3 credentials: set ${WHERE_KEYS}.`);
  }
  return { accessKeyId, secretAccessKey };
}

/** The error that ends the job for a refused request or a missing bucket, or null for other failures. */
export function accessErrorFor(
  failure: S3Failure,
  where: { endpoint: string; bucket: string; key?: string; listed: boolean },
): PolygonAccessError | null {
  const status = `${failure.code}${failure.status ? `, HTTP ${failure.status}` : ''}`;
  if (failure.kind === 'no-bucket') {
    return new PolygonAccessError(
      `The S3 server at ${where.endpoint} has no bucket "${where.bucket}" (${status}): check POLYGON_S3_BUCKET or the bucket in Settings → Data sources (Massive's is "flatfiles").`,
    );
  }
  if (failure.kind !== 'credentials') return null;
  if (where.listed && where.key && failure.code === 'AccessDenied') {
    return new PolygonAccessError(
      `The S3 server at ${where.endpoint} denied access to ${where.key} (${status}): your Massive plan may not include these flat files, or the keys lack access; check ${WHERE_KEYS}.`,
    );
  }
  return new PolygonAccessError(
    `The S3 server at ${where.endpoint} refused the Polygon/Massive credentials (${status}): check ${WHERE_KEYS}.`,
  );
}
