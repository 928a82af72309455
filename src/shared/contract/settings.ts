import { z } from 'zod';

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
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export type SettingKey = keyof LabSettings;
