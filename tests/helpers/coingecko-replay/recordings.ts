import fs from 'node:fs';
import { dataPath } from '../paths.js';

/** Recorded `/coins/markets` answers in shared data: 250 coins (2023-07-28) and 30 coins (2025-03-04). */
export const marketsRecordings = {
  dashbrd: dataPath('coingecko/coins_markets/dashbrd-coins_markets-2023-07-28.json'),
  monkey: dataPath('coingecko/coins_markets/coins_markets-2025-03-04.json'),
} as const;
export type MarketsRecording = keyof typeof marketsRecordings;

export const trendingRecording = dataPath('coingecko/jkorf-endpoints/GetTrendingSearches.txt');

/** A recorded `/coins/markets` answer as CoinGecko sent it. */
export function loadMarkets(name: MarketsRecording = 'dashbrd'): Record<string, unknown>[] {
  return JSON.parse(fs.readFileSync(marketsRecordings[name], 'utf8')) as Record<string, unknown>[];
}

/**
 * The body of the recorded `/search/trending` answer, byte for byte. The jkorf recording starts with
 * three lines (method, path, auth flag) before the JSON; the JSON holds a raw 0xA0 byte, so it is
 * not valid UTF-8 and must stay bytes here.
 */
export function loadTrendingBody(): Buffer {
  const raw = fs.readFileSync(trendingRecording);
  let offset = 0;
  for (let line = 0; line < 3; line++) {
    const newline = raw.indexOf(0x0a, offset);
    if (newline < 0) throw new Error(`${trendingRecording}: expected 3 header lines before the JSON`);
    offset = newline + 1;
  }
  return raw.subarray(offset);
}

/** The recorded trending answer, decoded as the client decodes it (bad bytes → U+FFFD). */
export function loadTrending(): {
  coins: { item: Record<string, unknown> & { data?: Record<string, unknown> } }[];
} {
  return JSON.parse(new TextDecoder('utf-8').decode(loadTrendingBody())) as ReturnType<typeof loadTrending>;
}
