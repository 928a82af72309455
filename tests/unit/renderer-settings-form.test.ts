import { describe, expect, it } from 'vitest';
import type { LabSettings } from '../../src/shared/contract/index.js';
import {
  buildSettingsPatch,
  draftFromSettings,
  followsOther,
  settingFields,
  settingMode,
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
};

const field = (key: keyof LabSettings) => settingFields.find((f) => f.key === key)!;

describe('settings draft', () => {
  it('starts empty for defaults (the placeholder shows them) and holds stored values', () => {
    const settings: LabSettings = {
      ...defaults,
      binanceRestUrl: { value: 'http://127.0.0.1:9000', source: 'stored' },
      downloadConcurrency: { value: 4, source: 'stored' },
    };
    expect(draftFromSettings(settings)).toEqual({
      binanceVisionUrl: '',
      binanceVisionListUrl: '',
      binanceRestUrl: 'http://127.0.0.1:9000',
      // Follows the stored spot URL: not set on its own, so its field stays empty.
      binanceRestFuturesUrl: '',
      downloadConcurrency: '4',
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
    expect(new Set(settingFields.map((f) => f.envName)).size).toBe(settingFields.length);
  });
});

describe('settings patch', () => {
  const initial: SettingsDraft = {
    binanceVisionUrl: '',
    binanceVisionListUrl: '',
    binanceRestUrl: 'http://127.0.0.1:9000',
    binanceRestFuturesUrl: '',
    downloadConcurrency: '4',
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
});
