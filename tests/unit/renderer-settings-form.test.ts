import { describe, expect, it } from 'vitest';
import type { LabSettings } from '../../src/shared/contract/index.js';
import {
  buildSettingsPatch,
  draftFromSettings,
  followsOther,
  settingFields,
  settingGroups,
  settingMode,
  settingText,
  type SettingsDraft,
} from '../../src/renderer/lib/settings-form.js';

const defaults: LabSettings = {
  binanceVisionUrl: { value: 'https://data.binance.vision', source: 'default' },
  binanceVisionListUrl: {
    value: 'https://s3-ap-northeast-1.amazonaws.com/data.binance.vision',
    source: 'default',
  },
  binanceRestUrl: { value: 'https://api.binance.com', source: 'default' },
  binanceRestFuturesUrl: { value: 'https://fapi.binance.com', source: 'default' },
  downloadConcurrency: { value: 8, source: 'default' },
  polygonS3Endpoint: { value: 'https://files.massive.com', source: 'default' },
  polygonS3Bucket: { value: 'flatfiles', source: 'default' },
  yahooUrl: { value: 'https://query2.finance.yahoo.com', source: 'default' },
  coingeckoUrl: { value: 'https://api.coingecko.com/api/v3', source: 'default' },
  stockTickers: { value: ['AAPL', 'MSFT', 'SPY'], source: 'default' },
  computeBackend: { value: 'auto', source: 'default' },
};

const field = (key: keyof LabSettings) => settingFields.find((f) => f.key === key)!;

describe('settings draft', () => {
  it('starts empty for defaults (the placeholder shows them) and holds stored values', () => {
    const settings: LabSettings = {
      ...defaults,
      binanceRestUrl: { value: 'http://127.0.0.1:9000', source: 'stored' },
      downloadConcurrency: { value: 4, source: 'stored' },
      polygonS3Bucket: { value: 'mirror-bucket', source: 'stored' },
      stockTickers: { value: ['AAPL', 'BRK.B'], source: 'stored' },
    };
    // The compute backend is not part of this form's draft, stored or not.
    expect(draftFromSettings({ ...settings, computeBackend: { value: 'wasm', source: 'stored' } })).toEqual({
      binanceVisionUrl: '',
      binanceVisionListUrl: '',
      binanceRestUrl: 'http://127.0.0.1:9000',
      // Follows the stored spot URL: not set on its own, so its field stays empty.
      binanceRestFuturesUrl: '',
      downloadConcurrency: '4',
      polygonS3Endpoint: '',
      polygonS3Bucket: 'mirror-bucket',
      yahooUrl: '',
      coingeckoUrl: '',
      // A list shows comma separated, as the field takes it.
      stockTickers: 'AAPL, BRK.B',
    });
  });

  it('tells a setting that mirrors the one it follows from one set on its own', () => {
    const mirrored: LabSettings = {
      ...defaults,
      binanceVisionUrl: { value: 'http://mirror', source: 'env' },
      binanceVisionListUrl: { value: 'http://mirror', source: 'env' },
    };
    expect(followsOther(mirrored, field('binanceVisionListUrl'))).toBe(true);
    expect(settingMode(mirrored, field('binanceVisionListUrl'))).toBe('editable');
    expect(settingMode(mirrored, field('binanceVisionUrl'))).toBe('env');

    const own: LabSettings = { ...mirrored, binanceVisionListUrl: { value: 'http://lister', source: 'env' } };
    expect(followsOther(own, field('binanceVisionListUrl'))).toBe(false);
    expect(settingMode(own, field('binanceVisionListUrl'))).toBe('env');
    expect(followsOther(defaults, field('binanceVisionListUrl'))).toBe(false);
  });

  it('names the environment variable of each setting', () => {
    expect(field('downloadConcurrency').envName).toBe('TRADELAB_DOWNLOAD_CONCURRENCY');
    expect(field('polygonS3Endpoint').envName).toBe('POLYGON_S3_ENDPOINT');
    expect(field('polygonS3Bucket').envName).toBe('POLYGON_S3_BUCKET');
    expect(field('yahooUrl').envName).toBe('TRADELAB_YAHOO_URL');
    expect(field('coingeckoUrl').envName).toBe('TRADELAB_COINGECKO_URL');
    expect(field('stockTickers').envName).toBe('TRADELAB_STOCK_TICKERS');
    expect(new Set(settingFields.map((f) => f.envName)).size).toBe(settingFields.length);
  });

  it('has a field for every setting the lab reports but the compute backend (its own picker), in a group the page shows', () => {
    expect(settingFields.map((f) => f.key).sort()).toEqual(
      Object.keys(defaults)
        .filter((key) => key !== 'computeBackend')
        .sort(),
    );
    const groups = new Set(settingGroups.map((g) => g.id));
    for (const f of settingFields) expect(groups.has(f.group), f.key).toBe(true);
  });

  it('shows an env-fixed ticker list read-only, comma separated', () => {
    const fromEnv: LabSettings = { ...defaults, stockTickers: { value: ['SPY', 'QQQ'], source: 'env' } };
    expect(settingMode(fromEnv, field('stockTickers'))).toBe('env');
    expect(settingText(fromEnv.stockTickers.value)).toBe('SPY, QQQ');
    expect(draftFromSettings(fromEnv).stockTickers).toBe('');
  });
});

describe('settings patch', () => {
  const initial: SettingsDraft = {
    binanceVisionUrl: '',
    binanceVisionListUrl: '',
    binanceRestUrl: 'http://127.0.0.1:9000',
    binanceRestFuturesUrl: '',
    downloadConcurrency: '4',
    polygonS3Endpoint: '',
    polygonS3Bucket: '',
    yahooUrl: '',
    coingeckoUrl: '',
    stockTickers: 'AAPL, MSFT',
  };

  it('sends only what changed: new values, and null for an emptied field', () => {
    const built = buildSettingsPatch(initial, {
      ...initial,
      binanceVisionUrl: ' http://127.0.0.1:8080 ',
      binanceRestUrl: '',
      downloadConcurrency: '16',
    });
    expect(built).toEqual({
      ok: true,
      params: { binanceVisionUrl: 'http://127.0.0.1:8080', binanceRestUrl: null, downloadConcurrency: 16 },
    });
  });

  it('sends nothing when nothing changed', () => {
    expect(buildSettingsPatch(initial, { ...initial, binanceRestUrl: ' http://127.0.0.1:9000 ' })).toEqual({
      ok: true,
      params: {},
    });
  });

  it('refuses URLs that are not http(s) and counts outside 1..32, per field', () => {
    const built = buildSettingsPatch(initial, {
      ...initial,
      binanceVisionUrl: 'data.binance.vision',
      binanceRestFuturesUrl: 'ftp://x',
      downloadConcurrency: '64',
    });
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(built.errors.binanceVisionUrl).toMatch(/must be a full URL starting with http:\/\/ or https:\/\//);
    expect(built.errors.binanceRestFuturesUrl).toMatch(
      /must be a full URL starting with http:\/\/ or https:\/\//,
    );
    expect(built.errors.downloadConcurrency).toBeDefined();
    expect(buildSettingsPatch(initial, { ...initial, downloadConcurrency: '2.5' }).ok).toBe(false);
  });

  it('sends the new data-source URLs and bucket', () => {
    const built = buildSettingsPatch(initial, {
      ...initial,
      polygonS3Endpoint: 'http://127.0.0.1:4568',
      polygonS3Bucket: 'flatfiles-mirror',
      yahooUrl: 'http://127.0.0.1:4570/',
      coingeckoUrl: 'http://127.0.0.1:4571/api/v3',
    });
    expect(built).toEqual({
      ok: true,
      params: {
        polygonS3Endpoint: 'http://127.0.0.1:4568',
        polygonS3Bucket: 'flatfiles-mirror',
        yahooUrl: 'http://127.0.0.1:4570/',
        coingeckoUrl: 'http://127.0.0.1:4571/api/v3',
      },
    });
  });

  it('refuses a bucket name S3 would refuse', () => {
    for (const bad of ['Flat_Files', 'ab', '-flatfiles', 'flat files']) {
      const built = buildSettingsPatch(initial, { ...initial, polygonS3Bucket: bad });
      expect(built.ok, bad).toBe(false);
      if (!built.ok) expect(built.errors.polygonS3Bucket).toMatch(/S3 bucket name/);
    }
  });

  it('sends the ticker list upper-cased, each once, whatever the separators', () => {
    const built = buildSettingsPatch(initial, { ...initial, stockTickers: 'aapl;msft\nbrk.b, AAPL  spy' });
    expect(built).toEqual({ ok: true, params: { stockTickers: ['AAPL', 'MSFT', 'BRK.B', 'SPY'] } });
  });

  it('clears the ticker list back to the default when emptied, and names the entries that are not tickers', () => {
    expect(buildSettingsPatch(initial, { ...initial, stockTickers: '  ' })).toEqual({
      ok: true,
      params: { stockTickers: null },
    });
    const built = buildSettingsPatch(initial, { ...initial, stockTickers: 'AAPL, 1ABC, $TSLA' });
    expect(built.ok).toBe(false);
    if (!built.ok)
      expect(built.errors.stockTickers).toBe(
        'Not tickers: "1ABC", "$TSLA". A ticker is letters, digits, "." or "-" and starts with a letter, e.g. AAPL or BRK.B.',
      );
  });
});
