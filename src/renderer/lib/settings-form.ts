import { SettingsPatch, type LabSettings, type SettingKey } from '../../shared/contract/index.js';
import { paramsFromSchema, type FieldErrors, type FormResult } from './form-result.js';
import { formatTickerList, parseTickerList, tickerListError } from './tickers.js';

/** The Settings page shows the data-source settings in these groups, in this order. */
export const settingGroups = [
  { id: 'binance', title: 'Binance' },
  { id: 'stocks', title: 'Stocks, news and CoinGecko' },
] as const;

export type SettingGroup = (typeof settingGroups)[number]['id'];

/**
 * The settings this text form edits: every setting but the compute backend, which is a choice
 * among fixed names and has its own picker (lib/compute-backend.ts).
 */
export type DataSourceKey = Exclude<SettingKey, 'computeBackend'>;

export interface SettingField {
  key: DataSourceKey;
  label: string;
  group: SettingGroup;
  /** url: http(s) URL; count: 1..32; bucket: an S3 bucket name; tickers: a list of stock tickers. */
  kind: 'url' | 'count' | 'bucket' | 'tickers';
  /**
   * Environment variable that overrides the setting in the server and the CLI. The core's
   * settings repo holds the same names; the renderer may not import it, so they are listed here.
   */
  envName: string;
  /** A setting that, when not set on its own, follows another one (one mirror for everything). */
  follows?: DataSourceKey;
  help: string;
}

export const settingFields: readonly SettingField[] = [
  {
    key: 'binanceVisionUrl',
    group: 'binance',
    label: 'Data Vision download URL',
    kind: 'url',
    envName: 'TRADELAB_BINANCE_VISION_URL',
    help: 'Base of data.binance.vision or a mirror; archives are fetched from <url>/data/….',
  },
  {
    key: 'binanceVisionListUrl',
    group: 'binance',
    label: 'Data Vision listing URL',
    kind: 'url',
    envName: 'TRADELAB_BINANCE_VISION_LIST_URL',
    follows: 'binanceVisionUrl',
    help: 'S3 listing of the archives (which files exist). Follows the download URL unless set.',
  },
  {
    key: 'binanceRestUrl',
    group: 'binance',
    label: 'REST URL (spot)',
    kind: 'url',
    envName: 'TRADELAB_BINANCE_REST_URL',
    help: 'Spot REST API, used to fill from the last archive up to now.',
  },
  {
    key: 'binanceRestFuturesUrl',
    group: 'binance',
    label: 'REST URL (USD-M futures)',
    kind: 'url',
    envName: 'TRADELAB_BINANCE_REST_FUTURES_URL',
    follows: 'binanceRestUrl',
    help: 'USD-M futures REST API (klines, funding, open interest, the universe). Follows the spot URL unless set.',
  },
  {
    key: 'downloadConcurrency',
    group: 'binance',
    label: 'Parallel downloads',
    kind: 'count',
    envName: 'TRADELAB_DOWNLOAD_CONCURRENCY',
    help: 'Files downloaded at once by fetch jobs, 1 to 32; the default for the fetch form.',
  },
  {
    key: 'polygonS3Endpoint',
    label: 'Flat files S3 endpoint',
    group: 'stocks',
    kind: 'url',
    envName: 'POLYGON_S3_ENDPOINT',
    help: 'S3-compatible endpoint of the Polygon / Massive flat files (or a mirror). The keys are credentials, below.',
  },
  {
    key: 'polygonS3Bucket',
    label: 'Flat files bucket',
    group: 'stocks',
    kind: 'bucket',
    envName: 'POLYGON_S3_BUCKET',
    help: 'Bucket holding us_stocks_sip/minute_aggs_v1 and day_aggs_v1.',
  },
  {
    key: 'yahooUrl',
    label: 'Yahoo Finance URL',
    group: 'stocks',
    kind: 'url',
    envName: 'TRADELAB_YAHOO_URL',
    help: 'Base of the Yahoo chart and search APIs (query2.finance.yahoo.com or a mirror): backup bars and news.',
  },
  {
    key: 'coingeckoUrl',
    label: 'CoinGecko API URL',
    group: 'stocks',
    kind: 'url',
    envName: 'TRADELAB_COINGECKO_URL',
    help: 'CoinGecko API base ending in /api/v3 (or a mirror): market-cap ranks and trending coins.',
  },
  {
    key: 'stockTickers',
    label: 'Stock tickers',
    group: 'stocks',
    kind: 'tickers',
    envName: 'TRADELAB_STOCK_TICKERS',
    help: 'Stocks and ETFs the stock, Yahoo and news forms start with, comma separated (e.g. AAPL, MSFT, SPY).',
  },
];

/** A setting's effective value as text: lists comma separated. */
export function settingText(value: LabSettings[SettingKey]['value']): string {
  return Array.isArray(value) ? formatTickerList(value) : String(value);
}

/** Lower-case letters, digits, dots and hyphens, 3 to 63 long, starting and ending alphanumeric (S3 rules). */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

const SETTING_KEYS = settingFields.map((f) => f.key);

export type SettingsDraft = Record<DataSourceKey, string>;

/**
 * Whether a setting only mirrors the one it follows (the core copies the value and its source when
 * the setting is not set on its own). Equal value and source is the only trace of that in
 * LabSettings; a setting deliberately set to the same value reads the same and behaves the same.
 */
export function followsOther(settings: LabSettings, field: SettingField): boolean {
  if (!field.follows) return false;
  const own = settings[field.key];
  const other = settings[field.follows];
  return (
    own.source !== 'default' &&
    own.source === other.source &&
    settingText(own.value) === settingText(other.value)
  );
}

/**
 * How a setting can be changed here: `env` when an environment variable fixes it for this launch
 * (read-only), else `editable`.
 */
export function settingMode(settings: LabSettings, field: SettingField): 'env' | 'editable' {
  return settings[field.key].source === 'env' && !followsOther(settings, field) ? 'env' : 'editable';
}

/**
 * The form's text per setting: the stored value where one is stored, else empty (an empty field
 * means "default", whose value the input shows as its placeholder).
 */
export function draftFromSettings(settings: LabSettings): SettingsDraft {
  const draft = {} as SettingsDraft;
  for (const field of settingFields) {
    const setting = settings[field.key];
    draft[field.key] =
      setting.source === 'stored' && !followsOther(settings, field) ? settingText(setting.value) : '';
  }
  return draft;
}

/**
 * The `updateSettings` patch for what changed between the loaded draft and the edited one: an
 * emptied field becomes null (back to the default), a URL must be http(s), a count a whole number,
 * a bucket an S3 bucket name, tickers a list of valid tickers (upper-cased, each once).
 * Unchanged settings are left out so an env-fixed or untouched value is never written.
 */
export function buildSettingsPatch(
  initial: SettingsDraft,
  draft: SettingsDraft,
): FormResult<SettingsPatch, DataSourceKey> {
  const raw: Record<string, string | number | string[] | null> = {};
  const errors: FieldErrors<DataSourceKey> = {};
  for (const field of settingFields) {
    const text = draft[field.key].trim();
    if (text === initial[field.key].trim()) continue;
    if (text === '') {
      raw[field.key] = null;
    } else if (field.kind === 'count') {
      const count = /^\d+$/.test(text) ? Number(text) : Number.NaN;
      if (count >= 1 && count <= 32) raw[field.key] = count;
      else errors[field.key] = `${field.label} must be a whole number from 1 to 32.`;
    } else if (field.kind === 'tickers') {
      const parsed = parseTickerList(text);
      const error = tickerListError(parsed);
      if (error) errors[field.key] = error;
      else raw[field.key] = parsed.tickers;
    } else if (field.kind === 'bucket') {
      if (BUCKET_NAME.test(text)) raw[field.key] = text;
      else
        errors[field.key] =
          `${field.label} must be an S3 bucket name: 3 to 63 lower-case letters, digits, "." or "-", e.g. flatfiles.`;
    } else if (!/^https?:\/\//i.test(text)) {
      errors[field.key] = `${field.label} must be a full URL starting with http:// or https://.`;
    } else {
      raw[field.key] = text;
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return paramsFromSchema(SettingsPatch, raw, SETTING_KEYS);
}
