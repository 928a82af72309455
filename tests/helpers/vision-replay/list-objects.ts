import type { BucketObject } from './bucket.js';

export interface ListParams {
  prefix: string;
  delimiter: string;
  marker: string;
  maxKeys: number;
}

export interface ListResult {
  contents: string[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** The last key or common prefix of the page (S3 V1 sends it only with a delimiter). */
  nextMarker: string | null;
}

/**
 * S3 ListObjects (V1) over sorted keys: keys after `marker` under `prefix`, those with another
 * `delimiter` past the prefix rolled up into one common prefix; each key or common prefix counts
 * toward `maxKeys`. A common prefix at or before the marker was on an earlier page and is skipped.
 */
export function listObjects(sortedKeys: readonly string[], params: ListParams): ListResult {
  const { prefix, delimiter, marker, maxKeys } = params;
  const contents: string[] = [];
  const commonPrefixes: string[] = [];
  let last: string | null = null;
  let isTruncated = false;
  for (const key of sortedKeys) {
    if (!key.startsWith(prefix) || key <= marker) continue;
    const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    const rolledUp = cut >= 0 ? key.slice(0, cut + delimiter.length) : null;
    if (rolledUp !== null && (rolledUp <= marker || rolledUp === last)) continue;
    if (contents.length + commonPrefixes.length >= maxKeys) {
      isTruncated = true;
      break;
    }
    if (rolledUp !== null) commonPrefixes.push(rolledUp);
    else contents.push(key);
    last = rolledUp ?? key;
  }
  return { contents, commonPrefixes, isTruncated, nextMarker: isTruncated && delimiter ? last : null };
}

function xmlEscape(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

/** The ListBucketResult document S3 sends for data.binance.vision. */
export function listBucketXml(
  params: ListParams,
  result: ListResult,
  objects: ReadonlyMap<string, BucketObject>,
  options: { omitNextMarker?: boolean } = {},
): string {
  const parts = [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
    '<Name>data.binance.vision</Name>',
    `<Prefix>${xmlEscape(params.prefix)}</Prefix>`,
    `<Marker>${xmlEscape(params.marker)}</Marker>`,
  ];
  if (result.nextMarker !== null && !options.omitNextMarker)
    parts.push(`<NextMarker>${xmlEscape(result.nextMarker)}</NextMarker>`);
  parts.push(`<MaxKeys>${params.maxKeys}</MaxKeys>`);
  if (params.delimiter) parts.push(`<Delimiter>${xmlEscape(params.delimiter)}</Delimiter>`);
  parts.push(`<IsTruncated>${result.isTruncated}</IsTruncated>`);
  for (const key of result.contents) {
    const object = objects.get(key)!;
    parts.push(
      '<Contents>',
      `<Key>${xmlEscape(key)}</Key>`,
      `<LastModified>${object.lastModified.toISOString()}</LastModified>`,
      `<ETag>${xmlEscape(object.etag)}</ETag>`,
      `<Size>${object.bytes.length}</Size>`,
      '<StorageClass>STANDARD</StorageClass>',
      '</Contents>',
    );
  }
  for (const prefix of result.commonPrefixes)
    parts.push(`<CommonPrefixes><Prefix>${xmlEscape(prefix)}</Prefix></CommonPrefixes>`);
  parts.push('</ListBucketResult>');
  return parts.join('');
}

/** An S3 error document (NoSuchKey, InvalidRange, …). */
export function s3ErrorXml(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error>`;
}
