import { describe, expect, it } from 'vitest';
import {
  decodeXmlEntities,
  parseListingXml,
  type ListBucketPage,
} from '../../src/core/ingest/binance/vision/listing-xml.js';

function page(xml: string): ListBucketPage {
  const parsed = parseListingXml(xml);
  if (parsed.kind !== 'page') throw new Error(`expected a page, got ${JSON.stringify(parsed)}`);
  return parsed.page;
}

// Shaped like an answer of s3-ap-northeast-1.amazonaws.com/data.binance.vision: one line, ETag
// quotes escaped as &quot;, a zip and its CHECKSUM side by side (sizes and ETags illustrative).
const LAST_PAGE = `<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>data.binance.vision</Name><Prefix>data/spot/monthly/klines/BTCUSDT/1h/</Prefix><Marker></Marker><MaxKeys>1000</MaxKeys><Delimiter>/</Delimiter><IsTruncated>false</IsTruncated><Contents><Key>data/spot/monthly/klines/BTCUSDT/1h/BTCUSDT-1h-2017-08.zip</Key><LastModified>2022-09-15T06:49:52.000Z</LastModified><ETag>&quot;ab4e7c7f2b12e36aa1a6e1f1f1d7d0c1&quot;</ETag><Size>20553</Size><StorageClass>STANDARD</StorageClass></Contents><Contents><Key>data/spot/monthly/klines/BTCUSDT/1h/BTCUSDT-1h-2017-08.zip.CHECKSUM</Key><LastModified>2022-09-15T06:49:53.000Z</LastModified><ETag>&quot;0c1d0e1f&quot;</ETag><Size>98</Size><StorageClass>STANDARD</StorageClass></Contents></ListBucketResult>`;

describe('parseListingXml', () => {
  it('reads Contents with size, ETag (quotes kept) and LastModified', () => {
    const result = page(LAST_PAGE);
    expect(result.isTruncated).toBe(false);
    expect(result.nextMarker).toBeNull();
    expect(result.prefixes).toEqual([]);
    expect(result.objects).toEqual([
      {
        key: 'data/spot/monthly/klines/BTCUSDT/1h/BTCUSDT-1h-2017-08.zip',
        size: 20553,
        etag: '"ab4e7c7f2b12e36aa1a6e1f1f1d7d0c1"',
        lastModified: '2022-09-15T06:49:52.000Z',
      },
      {
        key: 'data/spot/monthly/klines/BTCUSDT/1h/BTCUSDT-1h-2017-08.zip.CHECKSUM',
        size: 98,
        etag: '"0c1d0e1f"',
        lastModified: '2022-09-15T06:49:53.000Z',
      },
    ]);
  });

  it('reads CommonPrefixes without mistaking their <Prefix> for the listing prefix, and a truncated page', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
      <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
        <Name>data.binance.vision</Name>
        <Prefix>data/spot/monthly/klines/</Prefix>
        <Marker></Marker>
        <NextMarker>data/spot/monthly/klines/1INCHBTC/</NextMarker>
        <MaxKeys>2</MaxKeys>
        <Delimiter>/</Delimiter>
        <IsTruncated>true</IsTruncated>
        <CommonPrefixes><Prefix>data/spot/monthly/klines/1000CATUSDT/</Prefix></CommonPrefixes>
        <CommonPrefixes>
          <Prefix>data/spot/monthly/klines/1INCHBTC/</Prefix>
        </CommonPrefixes>
      </ListBucketResult>`;
    const result = page(xml);
    expect(result.objects).toEqual([]);
    expect(result.prefixes).toEqual([
      'data/spot/monthly/klines/1000CATUSDT/',
      'data/spot/monthly/klines/1INCHBTC/',
    ]);
    expect(result.isTruncated).toBe(true);
    expect(result.nextMarker).toBe('data/spot/monthly/klines/1INCHBTC/');
  });

  it('gives no NextMarker for a truncated page that omits it or leaves it empty', () => {
    const base = (marker: string) =>
      `<ListBucketResult><IsTruncated>true</IsTruncated>${marker}<Contents><Key>a</Key><Size>1</Size></Contents></ListBucketResult>`;
    expect(page(base('')).nextMarker).toBeNull();
    expect(page(base('<NextMarker/>')).nextMarker).toBeNull();
    expect(page(base('<NextMarker></NextMarker>')).isTruncated).toBe(true);
  });

  it('decodes entities in keys and prefixes', () => {
    const xml =
      '<ListBucketResult><IsTruncated>false</IsTruncated>' +
      '<Contents><Key>data/a&amp;b/&lt;x&gt;&#39;&#x41;&quot;&apos;.zip</Key><Size>3</Size><ETag></ETag></Contents>' +
      '<CommonPrefixes><Prefix>data/caf&#xe9;/</Prefix></CommonPrefixes></ListBucketResult>';
    const result = page(xml);
    expect(result.objects[0].key).toBe("data/a&b/<x>'A\"'.zip");
    expect(result.objects[0].etag).toBe('');
    expect(result.objects[0].lastModified).toBeNull();
    expect(result.prefixes).toEqual(['data/café/']);
  });

  it('reads an S3 <Error> body', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>`;
    expect(parseListingXml(xml)).toEqual({
      kind: 's3-error',
      code: 'AccessDenied',
      message: 'Access Denied',
    });
  });

  it('says what came instead of a listing', () => {
    expect(parseListingXml('<!DOCTYPE html><html><body>Binance Data</body></html>')).toEqual({
      kind: 'not-a-listing',
      what: 'an HTML page',
    });
    expect(parseListingXml('')).toEqual({ kind: 'not-a-listing', what: 'an empty body' });
    expect(parseListingXml('{"code":0}')).toMatchObject({
      kind: 'not-a-listing',
      what: expect.stringContaining('not XML'),
    });
    expect(parseListingXml('<?xml version="1.0"?><ListAllMyBucketsResult/>')).toEqual({
      kind: 'not-a-listing',
      what: 'XML whose root element is <ListAllMyBucketsResult>',
    });
  });

  it('refuses an entry without a key or with an unreadable size', () => {
    expect(
      parseListingXml('<ListBucketResult><Contents><Size>1</Size></Contents></ListBucketResult>'),
    ).toMatchObject({
      kind: 'not-a-listing',
      what: expect.stringContaining('no <Key>'),
    });
    expect(
      parseListingXml(
        '<ListBucketResult><Contents><Key>k</Key><Size>big</Size></Contents></ListBucketResult>',
      ),
    ).toMatchObject({
      kind: 'not-a-listing',
      what: expect.stringContaining('k has no valid <Size>'),
    });
  });
});

describe('decodeXmlEntities', () => {
  it('decodes in one pass, so an escaped entity stays literal', () => {
    expect(decodeXmlEntities('&amp;lt;')).toBe('&lt;');
    expect(decodeXmlEntities('&#128512;')).toBe('😀');
  });
  it('leaves unknown or invalid references alone', () => {
    expect(decodeXmlEntities('&nbsp; &#x110000; &')).toBe('&nbsp; &#x110000; &');
  });
});
