/** What a failed S3 request means for the job. */
export type S3FailureKind =
  /** 401/403: the keys are wrong, revoked, or lack access. Retrying cannot help. */
  | 'credentials'
  /** The bucket does not exist at this endpoint (a wrong bucket setting). */
  | 'no-bucket'
  /** The object is not there (any more). */
  | 'no-key'
  /** 5xx, throttling, a dropped or stalled connection: worth another attempt. */
  | 'transient'
  /** The job's signal aborted the request (cancel). */
  | 'aborted'
  /** Anything else (a 400 the client caused): not retried. */
  | 'other';

export interface S3Failure {
  kind: S3FailureKind;
  /** S3 error code (InvalidAccessKeyId, NoSuchKey, …) or the Node error code. */
  code: string;
  status: number | null;
  /** One readable line: code, HTTP status and the server's or the socket's message. */
  detail: string;
}

/** A failure that a new attempt may not hit (the transport's words, no credentials in them). */
export class TransientS3Error extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransientS3Error';
  }
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
]);

const TRANSIENT_NAMES = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'SlowDown',
  'InternalError',
  'ServiceUnavailable',
  'ThrottlingException',
  'TransientS3Error',
]);

const CREDENTIAL_NAMES = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'AccessDenied',
  'InvalidToken',
  'ExpiredToken',
  'Forbidden',
]);

/**
 * Sorts an error from the S3 client (or from reading a response body) into what the job does with
 * it. The SDK's service errors carry `name` (the S3 code) and `$metadata.httpStatusCode`; socket
 * errors carry a Node `code`.
 */
export function classifyS3Error(err: unknown): S3Failure {
  const e = (err ?? {}) as {
    name?: string;
    code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const status = e.$metadata?.httpStatusCode ?? null;
  const code = (e.name && e.name !== 'Error' ? e.name : e.code) ?? 'Error';
  const message = (e.message ?? String(err)).split('\n')[0];
  const detail = `${code}${status ? ` (HTTP ${status})` : ''}: ${message}`;
  const failure = (kind: S3FailureKind): S3Failure => ({ kind, code, status, detail });
  if (code === 'AbortError' || e.code === 'ABORT_ERR') return failure('aborted');
  if (status === 401 || status === 403 || CREDENTIAL_NAMES.has(code)) return failure('credentials');
  if (code === 'NoSuchBucket') return failure('no-bucket');
  if (code === 'NoSuchKey' || status === 404) return failure('no-key');
  if (
    (status !== null && (status >= 500 || status === 429 || status === 408)) ||
    TRANSIENT_NAMES.has(code) ||
    NETWORK_CODES.has(code) ||
    (e.code !== undefined && NETWORK_CODES.has(e.code))
  )
    return failure('transient');
  return failure('other');
}
