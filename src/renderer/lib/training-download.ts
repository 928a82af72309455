import type { LabInput } from '../../shared/contract/index.js';
import { binancePresets, presetRange } from '../../shared/binance-presets.js';

/** The Data page preset training data comes from by default: 1h bars, the interval the policy trains on. */
export const TRAINING_CRYPTO_PRESET_ID = 'top10-1h-2y';

/**
 * The default download offered when nothing trainable is stored: the "top 10 coins, 1h, 2 years"
 * Binance preset and 1h Yahoo bars of the stock tickers setting (as far back as Yahoo keeps 1h,
 * about two years), so the policy has crypto and stocks to learn from. The same calls the Data
 * page's Fetch and Yahoo panels make.
 */
export function defaultTrainingDownload(
  today: Date,
  stockTickers: readonly string[],
  concurrency: number | null,
): { binance: LabInput<'startFetchBinance'>; yahoo: LabInput<'startFetchYahoo'> | null } {
  const preset = binancePresets.find((p) => p.id === TRAINING_CRYPTO_PRESET_ID);
  if (!preset) throw new Error(`The Binance preset ${TRAINING_CRYPTO_PRESET_ID} is missing.`);
  const { from, to } = presetRange(preset, today);
  return {
    binance: {
      symbols: [...preset.symbols],
      interval: preset.interval,
      market: preset.market,
      from,
      to,
      preset: preset.id,
      restFill: true,
      ...(concurrency != null ? { concurrency } : {}),
    },
    yahoo: stockTickers.length > 0 ? { tickers: [...stockTickers], interval: '1h' } : null,
  };
}

/** One line saying what the default download fetches. */
export function describeTrainingDownload(download: ReturnType<typeof defaultTrainingDownload>): string {
  const crypto = `${download.binance.symbols.length} Binance coins, 1h, ${download.binance.from} → ${download.binance.to}`;
  return download.yahoo
    ? `${crypto}; ${download.yahoo.tickers.join(', ')} 1h from Yahoo (about the last two years).`
    : `${crypto}.`;
}
