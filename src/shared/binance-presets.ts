import type { BinancePreset } from './contract/binance.js';

/**
 * One-click downloads from the product brief. MATIC was renamed POL in September 2024, so both
 * symbols are fetched (MATICUSDT up to its last archive, POLUSDT from its first); the BUSD pairs
 * stopped trading when Binance retired BUSD and are fetched up to their last archive.
 */
export const binancePresets: readonly BinancePreset[] = [
  {
    id: '17-markets-1m-3y',
    label: '17 markets, 1m, 3 years',
    market: 'spot',
    interval: '1m',
    years: 3,
    symbols: [
      'BTCUSDT',
      'ETHUSDT',
      'SOLUSDT',
      'ADAUSDT',
      'DOTUSDT',
      'AVAXUSDT',
      'UNIUSDT',
      'AAVEUSDT',
      'LINKUSDT',
      'MATICUSDT',
      'POLUSDT',
      'ARBUSDT',
      'BNBUSDT',
      'DOGEUSDT',
      'SHIBUSDT',
      'BTCBUSD',
      'ETHBUSD',
    ],
    notes: [
      'MATICUSDT was renamed POLUSDT in September 2024: both are fetched, each over the dates it traded.',
      'BTCBUSD and ETHBUSD were delisted with BUSD: fetched up to their last archive.',
    ],
  },
  {
    id: 'top10-1h-2y',
    label: 'Top 10 coins, 1h, 2 years',
    market: 'spot',
    interval: '1h',
    years: 2,
    symbols: [
      'BTCUSDT',
      'ETHUSDT',
      'SOLUSDT',
      'XRPUSDT',
      'ADAUSDT',
      'AVAXUSDT',
      'MATICUSDT',
      'POLUSDT',
      'LINKUSDT',
      'UNIUSDT',
      'DOTUSDT',
    ],
    notes: [
      'MATICUSDT was renamed POLUSDT in September 2024: both are fetched, each over the dates it traded.',
    ],
  },
];

/** Symbols Binance renamed: the old symbol's archives end where the new one's begin. */
export const binanceRenames: Readonly<Record<string, { to: string; on: string }>> = {
  MATICUSDT: { to: 'POLUSDT', on: '2024-09-10' },
};

/** The preset's date range ending today (UTC). */
export function presetRange(preset: BinancePreset, today: Date): { from: string; to: string } {
  const to = today.toISOString().slice(0, 10);
  const start = new Date(today.getTime());
  start.setUTCFullYear(start.getUTCFullYear() - Math.floor(preset.years));
  const extraMonths = Math.round((preset.years % 1) * 12);
  if (extraMonths) start.setUTCMonth(start.getUTCMonth() - extraMonths);
  return { from: start.toISOString().slice(0, 10), to };
}
