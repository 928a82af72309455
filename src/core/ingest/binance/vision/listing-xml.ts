/** One object of the bucket as its listing describes it. */
export interface VisionObject {
  key: string;
  size: number;
  /** As the server sends it, quotes included (`"9a0b…"`). */
  etag: string | null;
  /** ISO-8601, as the server sends it. */
  lastModified: string | null;
}

/** One page of an S3 ListObjects (V1) answer. */
export interface ListBucketPage {
  objects: VisionObject[];
  /** Rolled-up "folders" (with delimiter=/), e.g. `data/spot/monthly/klines/BTCUSDT/`. */
  prefixes: string[];
  isTruncated: boolean;
  /** Where the next page starts; S3 omits it when no delimiter was sent. */
  nextMarker: string | null;
}

export type ParsedListing =
  | { kind: 'page'; page: ListBucketPage }
  | { kind: 's3-error'; code: string | null; message: string | null }
  /** `what` says what came instead, for the error message. */
  | { kind: 'not-a-listing'; what: string };

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five XML entities and numeric references in one pass (so `&amp;lt;` stays `&lt;`). */
export function decodeXmlEntities(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED_ENTITIES[ref];
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/**
 * Reads an S3 ListBucketResult, an S3 <Error>, or tells what else the body is (an HTML page when
 * the listing URL points at the website instead of the bucket). A small tolerant reader, not a
 * general XML parser: S3 listings are flat and never nest an element inside one of the same name.
 */
export function parseListingXml(text: string): ParsedListing {
  const body = text.replace(/^\uFEFF/, '').trim();
  if (body === '') return { kind: 'not-a-listing', what: 'an empty body' };
  if (/^<!doctype html|^<html/i.test(body)) return { kind: 'not-a-listing', what: 'an HTML page' };
  if (!body.startsWith('<'))
    return { kind: 'not-a-listing', what: `text that is not XML ("${preview(body)}")` };

  const root = rootElementName(body);
  if (root === 'Error') {
    return { kind: 's3-error', code: childText(body, 'Code'), message: childText(body, 'Message') };
  }
  if (root !== 'ListBucketResult') {
    return {
      kind: 'not-a-listing',
      what: root ? `XML whose root element is <${root}>` : `unreadable XML ("${preview(body)}")`,
    };
  }

  const objects: VisionObject[] = [];
  for (const block of elements(body, 'Contents')) {
    const key = childText(block, 'Key');
    const sizeText = childText(block, 'Size');
    const size = sizeText === null ? NaN : Number(sizeText);
    if (!key)
      return { kind: 'not-a-listing', what: 'a ListBucketResult with a <Contents> entry that has no <Key>' };
    if (!Number.isSafeInteger(size) || size < 0) {
      return {
        kind: 'not-a-listing',
        what: `a ListBucketResult whose entry ${key} has no valid <Size> ("${sizeText ?? ''}")`,
      };
    }
    objects.push({
      key,
      size,
      etag: childText(block, 'ETag'),
      lastModified: childText(block, 'LastModified'),
    });
  }
  const prefixes: string[] = [];
  for (const block of elements(body, 'CommonPrefixes')) {
    const prefix = childText(block, 'Prefix');
    if (prefix) prefixes.push(prefix);
  }
  // Top-level fields only: <Prefix> also occurs inside CommonPrefixes.
  const topLevel = body.replace(/<(Contents|CommonPrefixes)\b[\s\S]*?<\/\1\s*>/g, '');
  const truncated = childText(topLevel, 'IsTruncated');
  return {
    kind: 'page',
    page: {
      objects,
      prefixes,
      isTruncated: truncated !== null && truncated.trim().toLowerCase() === 'true',
      nextMarker: childText(topLevel, 'NextMarker') || null,
    },
  };
}

function rootElementName(xml: string): string | null {
  // Skip the declaration, comments and processing instructions before the root element.
  const withoutProlog = xml.replace(/^(?:\s*<\?[\s\S]*?\?>|\s*<!--[\s\S]*?-->)*/, '').trimStart();
  const match = /^<([A-Za-z_][\w.-]*)/.exec(withoutProlog);
  return match ? match[1] : null;
}

/** The inner text of every `<name>…</name>` in `xml`. */
function elements(xml: string, name: string): string[] {
  const pattern = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}\\s*>`, 'g');
  return Array.from(xml.matchAll(pattern), (m) => m[1]);
}

/** The decoded text of the first `<name>` in `xml` ('' when empty or self-closed), null if absent. */
function childText(xml: string, name: string): string | null {
  const match = new RegExp(`<${name}(?:\\s[^>]*?)?(?:/>|>([\\s\\S]*?)</${name}\\s*>)`).exec(xml);
  if (!match) return null;
  const raw = match[1] ?? '';
  const cdata = /^\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*$/.exec(raw);
  return cdata ? cdata[1] : decodeXmlEntities(raw);
}

function preview(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 80 ? `${oneLine.slice(0, 80)}…` : oneLine;
}
