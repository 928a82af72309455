import { describe, expect, it } from 'vitest';
import { accessErrorFor, flatFileCredentials } from '../../src/core/ingest/polygon/polygon-access-error.js';
import { classifyS3Error } from '../../src/core/ingest/polygon/s3-errors.js';

/** An error shaped like the SDK's service exceptions. */
const serviceError = (name: string, status: number, message = 'server says no') =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

const where = { endpoint: 'https://files.massive.com', bucket: 'flatfiles', listed: false };

describe('classifyS3Error', () => {
  it.each([
    [serviceError('InvalidAccessKeyId', 403), 'credentials'],
    [serviceError('SignatureDoesNotMatch', 403), 'credentials'],
    [serviceError('AccessDenied', 403), 'credentials'],
    [serviceError('Unknown', 401), 'credentials'],
    [serviceError('NoSuchBucket', 404), 'no-bucket'],
    [serviceError('NoSuchKey', 404), 'no-key'],
    [serviceError('InternalError', 500), 'transient'],
    [serviceError('SlowDown', 503), 'transient'],
    [serviceError('Unknown', 502), 'transient'],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }), 'transient'],
    [Object.assign(new Error('aborted'), { code: 'ECONNRESET' }), 'transient'],
    [Object.assign(new Error('socket timed out'), { name: 'TimeoutError' }), 'transient'],
    [Object.assign(new Error('The operation was aborted'), { name: 'AbortError' }), 'aborted'],
    [serviceError('InvalidArgument', 400), 'other'],
  ])('%s → %s', (err, kind) => {
    expect(classifyS3Error(err).kind).toBe(kind);
  });

  it('describes the failure in one line with code and status', () => {
    expect(
      classifyS3Error(serviceError('SlowDown', 503, 'Please reduce your request rate.\nmore')).detail,
    ).toBe('SlowDown (HTTP 503): Please reduce your request rate.');
  });
});

describe('access errors', () => {
  it('names the settings to fix when the keys are refused', () => {
    const err = accessErrorFor(classifyS3Error(serviceError('InvalidAccessKeyId', 403)), where)!;
    expect(err.message).toMatch(/refused the Polygon\/Massive credentials \(InvalidAccessKeyId, HTTP 403\)/);
    expect(err.message).toMatch(/POLYGON_S3_ACCESS_KEY and POLYGON_S3_SECRET_KEY/);
    expect(err.message).toMatch(/Settings → Data sources/);
  });

  it('suspects the plan when a listed object is denied', () => {
    const err = accessErrorFor(classifyS3Error(serviceError('AccessDenied', 403)), {
      ...where,
      listed: true,
      key: 'us_stocks_sip/minute_aggs_v1/2024/01/2024-01-02.csv.gz',
    })!;
    expect(err.message).toMatch(
      /denied access to us_stocks_sip\/minute_aggs_v1\/2024\/01\/2024-01-02.csv.gz/,
    );
    expect(err.message).toMatch(/plan may not include/);
  });

  it('names the bucket setting for a missing bucket, and nothing for other failures', () => {
    expect(accessErrorFor(classifyS3Error(serviceError('NoSuchBucket', 404)), where)!.message).toMatch(
      /no bucket "flatfiles".*POLYGON_S3_BUCKET/,
    );
    expect(accessErrorFor(classifyS3Error(serviceError('InternalError', 500)), where)).toBeNull();
  });

  it('refuses to start without both keys, naming the variables', () => {
    expect(() => flatFileCredentials({ polygonS3AccessKey: 'AKIA-only' })).toThrow(
      /POLYGON_S3_ACCESS_KEY and POLYGON_S3_SECRET_KEY/,
    );
    expect(flatFileCredentials({ polygonS3AccessKey: 'a', polygonS3SecretKey: 'b' })).toEqual({
      accessKeyId: 'a',
      secretAccessKey: 'b',
    });
  });
});
