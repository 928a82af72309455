/**
 * Splits a headline into lower-case word tokens. Apostrophes inside a word stay ("isn't",
 * "apple's"; typographic ’ and ‘ count as '), and so do hyphens ("write-down", "sell-off"), so the
 * lexicon can hold contractions and hyphenated forms. Everything else (punctuation, $, %, quotes)
 * separates tokens: "$500B" gives "500b", "(AMZN)" gives "amzn".
 */
export function tokenizeHeadline(text: string): string[] {
  const normalized = text.toLowerCase().replace(/[\u2018\u2019\u02bc]/g, "'");
  return normalized.match(/[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*/gu) ?? [];
}
