import { describe, expect, it } from 'vitest';
import { archiveDate, archivePrefix, rawCacheRelativePath } from '../../src/core/ingest/binance/vision/archive-keys.js';
import { coverageNotes, endedEarly } from '../../src/core/ingest/binance/vision/coverage-notes.js';
import { remoteChanged } from '../../src/core/store/remote-files.js';

describe('archive keys', () => {
  it('builds the bucket prefixes Data Vision uses', () => {
    expect(archivePrefix('spot', 'monthly', 'klines', 'BTCUSDT', '1h')).toBe('data/spot/monthly/klines/BTCUSDT/1h/');
    expect(archivePrefix('um', 'daily', 'klines', 'ETHUSDT', '1m')).toBe('data/futures/um/daily/klines/ETHUSDT/1m/');
    expect(archivePrefix('um', 'monthly', 'fundingRate', 'BTCUSDT')).toBe('data/futures/um/monthly/fundingRate/BTCUSDT/');
    expect(archivePrefix('um', 'daily', 'metrics', 'BTCUSDT')).toBe('data/futures/um/daily/metrics/BTCUSDT/');
  });

  it('reads the date of an archive key and ignores CHECKSUMs and other series', () => {
    expect(archiveDate('data/spot/monthly/klines/BTCUSDT/1h/BTCUSDT-1h-2020-01.zip', 'BTCUSDT', 'klines', 'monthly', '1h')).toBe('2020-01');
    expect(archiveDate('data/spot/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2020-01-02.zip', 'BTCUSDT', 'klines', 'daily', '1m')).toBe('2020-01-02');
    expect(archiveDate('data/spot/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2020-01-02.zip.CHECKSUM', 'BTCUSDT', 'klines', 'daily', '1m')).toBeNull();
    expect(archiveDate('data/spot/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2020-01-02.zip', 'BTCUSDT', 'klines', 'monthly', '1m')).toBeNull();
    expect(archiveDate('x/BTCUSDT-fundingRate-2026-04.zip', 'BTCUSDT', 'fundingRate', 'monthly')).toBe('2026-04');
    expect(archiveDate('x/BTCUSDT-metrics-2026-04-01.zip', 'BTCUSDT', 'metrics', 'daily')).toBe('2026-04-01');
  });

  it('refuses keys that could escape the raw cache', () => {
    expect(rawCacheRelativePath('data/spot/a.zip')).toBe('raw/binance-vision/data/spot/a.zip');
    expect(() => rawCacheRelativePath('data/../../etc/passwd')).toThrow(/refusing/);
    expect(() => rawCacheRelativePath('/etc/passwd')).toThrow(/refusing/);
  });
});

describe('remoteChanged', () => {
  it('compares ETags when both have one, else Last-Modified, else size', () => {
    expect(remoteChanged({ etag: '"a"', lastModified: 'x', size: 1 }, { etag: '"a"', lastModified: 'y', size: 2 })).toBe(false);
    expect(remoteChanged({ etag: '"a"', lastModified: null, size: 1 }, { etag: '"b"', lastModified: null, size: 1 })).toBe(true);
    expect(remoteChanged({ etag: null, lastModified: 'x', size: 1 }, { etag: null, lastModified: 'y', size: 1 })).toBe(true);
    expect(remoteChanged({ etag: null, lastModified: null, size: 1 }, { etag: null, lastModified: null, size: 2 })).toBe(true);
  });
});

describe('coverage notes', () => {
  const facts = { symbol: 'BTCBUSD', what: 'spot 1m klines', from: '2023-01-01', to: '2026-01-01', today: '2026-01-02' };
  it('says when a series ended early (delisted) and where it starts', () => {
    const plan = { archives: [], missingDays: [], firstPublished: '2023-02-01', lastPublished: '2023-12-31' };
    expect(endedEarly(plan, facts)).toBe(true);
    const notes = coverageNotes(plan, facts);
    expect(notes[0]).toMatch(/archives start on 2023-02-01/);
    expect(notes[1]).toMatch(/last spot 1m klines archive is for 2023-12-31; Binance stopped publishing it \(delisted\)/);
  });
  it('names the successor of a renamed symbol and never stays silent when nothing is published', () => {
    const none = coverageNotes({ archives: [], missingDays: [], firstPublished: null, lastPublished: null }, { ...facts, symbol: 'MATICUSDT' });
    expect(none[0]).toMatch(/publishes no spot 1m klines.*renamed POLUSDT/);
    const unknown = coverageNotes({ archives: [], missingDays: [], firstPublished: null, lastPublished: null }, { ...facts, symbol: 'NOPEUSDT' });
    expect(unknown[0]).toMatch(/Check the spelling and the market/);
  });
  it('does not call a live series delisted because the last day or two are not published yet', () => {
    const plan = { archives: [], missingDays: [], firstPublished: '2020-01-01', lastPublished: '2025-12-31' };
    expect(endedEarly(plan, facts)).toBe(false);
  });
});
