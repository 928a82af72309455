import { z } from 'zod';
import { StockTicker } from './stocks.js';
import { ComputeBackendSetting } from './training.js';

/** Where a setting's value came from, most specific first. */
export const SettingSource = z.enum(['env', 'stored', 'default']);

const Setting = <T extends z.ZodTypeAny>(value: T) => z.object({ value, source: SettingSource });

/**
 * Effective settings as the core uses them. Environment variables (server, CLI) win over stored
 * values so a mirror can be forced per launch; a job's own parameters win over both.
 */
export const LabSettings = z.object({
  binanceVisionUrl: Setting(z.string()),
  binanceVisionListUrl: Setting(z.string()),
  binanceRestUrl: Setting(z.string()),
  binanceRestFuturesUrl: Setting(z.string()),
  downloadConcurrency: Setting(z.number().int()),
  /** Polygon / Massive flat files: S3 endpoint and bucket (credentials are secrets, not settings). */
  polygonS3Endpoint: Setting(z.string()),
  polygonS3Bucket: Setting(z.string()),
  /** Yahoo Finance base for chart and search (query2.finance.yahoo.com or a mirror). */
  yahooUrl: Setting(z.string()),
  /** CoinGecko API base (…/api/v3). */
  coingeckoUrl: Setting(z.string()),
  /** The stocks and ETFs the lab fetches by default (editable list). */
  stockTickers: Setting(z.array(z.string())),
  /** Which tfjs backend training uses: 'auto' (GPU → tfjs-node → wasm → cpu) or one forced. */
  computeBackend: Setting(ComputeBackendSetting),
});
export type LabSettings = z.infer<typeof LabSettings>;

/** Stored values to change; null clears one back to its default. */
export const SettingsPatch = z
  .object({
    binanceVisionUrl: z.string().url().nullable(),
    binanceVisionListUrl: z.string().url().nullable(),
    binanceRestUrl: z.string().url().nullable(),
    binanceRestFuturesUrl: z.string().url().nullable(),
    downloadConcurrency: z.number().int().min(1).max(32).nullable(),
    polygonS3Endpoint: z.string().url().nullable(),
    polygonS3Bucket: z.string().min(3).max(63).nullable(),
    yahooUrl: z.string().url().nullable(),
    coingeckoUrl: z.string().url().nullable(),
    stockTickers: z.array(StockTicker).min(1).max(2000).nullable(),
    computeBackend: ComputeBackendSetting.nullable(),
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export type SettingKey = keyof LabSettings;
