import { getBytes, RetriesExhaustedError, type RetryInfo, type RetryOptions } from '../../../net/http-get.js';
import { parseListingXml, type VisionObject } from './listing-xml.js';

export type { VisionObject } from './listing-xml.js';
export type { RetryInfo, RetryOptions } from '../../../net/http-get.js';

export interface ListVisionOptions {
  signal?: AbortSignal;
  /** Page size to ask for (S3 caps it at 1000, its default). */
  maxKeys?: number;
  onRetry?: (info: RetryInfo) => void;
  retry?: RetryOptions;
  /** No byte for this long aborts a page request, which is then retried (default 30 s). */
  stallTimeoutMs?: number;
}

/** The listing could not be read: wrong URL, a bucket error, or the network gave up. */
export class VisionListingError extends Error {
  constructor(
    message: string,
    readonly url: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'VisionListingError';
  }
}

const WHAT_TO_DO =
  'Check the listing URL (the --vision-url / --vision-list-url flags, TRADELAB_BINANCE_VISION_URL / ' +
  'TRADELAB_BINANCE_VISION_LIST_URL, or the Binance Data Vision listing URL setting): it must be an S3 ' +
  'bucket endpoint that answers ListObjects XML, such as https://s3-ap-northeast-1.amazonaws.com/data.binance.vision.';

/**
 * Everything under `prefix` in a Data Vision bucket: the objects directly under it and its
 * sub-"folders" (delimiter /), following every page of the S3 ListObjects (V1) listing.
 */
export async function listVision(
  listUrl: string,
  prefix: string,
  options: ListVisionOptions = {},
): Promise<{ objects: VisionObject[]; prefixes: string[] }> {
  const base = listUrl.replace(/\/+$/, '');
  const objects: VisionObject[] = [];
  const prefixes: string[] = [];
  let marker: string | null = null;
  for (;;) {
    const url =
      `${base}/?prefix=${encodeURIComponent(prefix)}&delimiter=/` +
      (marker !== null ? `&marker=${encodeURIComponent(marker)}` : '') +
      (options.maxKeys !== undefined ? `&max-keys=${options.maxKeys}` : '');
    const page = await fetchPage(url, options);
    objects.push(...page.objects);
    prefixes.push(...page.prefixes);
    if (!page.isTruncated) break;
    // S3 omits NextMarker when it was sent no delimiter; the next page then starts after the last name.
    const next = page.nextMarker ?? lastName(page.objects, page.prefixes);
    if (next === null || next === marker) {
      throw new VisionListingError(
        `The listing at ${url} says it has more pages but gives no marker to continue from; ${WHAT_TO_DO}`,
        url,
        200,
      );
    }
    marker = next;
  }
  return { objects, prefixes };
}

async function fetchPage(url: string, options: ListVisionOptions) {
  let response;
  try {
    response = await getBytes(url, options);
  } catch (err) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (err instanceof RetriesExhaustedError) {
      throw new VisionListingError(
        `Could not read the Data Vision listing at ${url}: ${err.message}. Check the network, or ${lowerFirst(WHAT_TO_DO)}`,
        url,
        null,
      );
    }
    throw err;
  }
  const parsed = parseListingXml(response.body.toString('utf8'));
  const status = response.status;
  if (parsed.kind === 'page' && status === 200) return parsed.page;
  const said =
    parsed.kind === 's3-error'
      ? `an S3 error${parsed.code ? ` ${parsed.code}` : ''}${parsed.message ? ` ("${parsed.message}")` : ''}`
      : parsed.kind === 'not-a-listing'
        ? parsed.what
        : 'a listing with an unexpected status';
  throw new VisionListingError(
    `The Data Vision listing at ${url} answered HTTP ${status} with ${said}, not an S3 bucket listing. ${WHAT_TO_DO}`,
    url,
    status,
  );
}

function lastName(objects: VisionObject[], prefixes: string[]): string | null {
  const names = [...objects.map((o) => o.key), ...prefixes];
  if (names.length === 0) return null;
  return names.reduce((a, b) => (b > a ? b : a));
}

function lowerFirst(text: string): string {
  return text[0].toLowerCase() + text.slice(1);
}
