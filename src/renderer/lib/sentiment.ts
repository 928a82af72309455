import type { NewsItem } from '../../shared/contract/index.js';

export type SentimentTone = 'positive' | 'negative' | 'neutral';

/** The lexicon score's direction; a headline without lexicon hits (or as many of each) is neutral. */
export function sentimentTone(score: number): SentimentTone {
  if (score > 0) return 'positive';
  if (score < 0) return 'negative';
  return 'neutral';
}

/** "+0.50", "−0.33", "0.00": signed so the direction reads without the colour. */
export function formatSentiment(score: number): string {
  const text = Math.abs(score).toFixed(2);
  if (text === '0.00') return text;
  return score > 0 ? `+${text}` : `\u2212${text}`;
}

/**
 * Badge colour: grey at 0, more saturated towards green (+1) or red (−1), so a strong headline
 * stands out from a barely tilted one.
 */
export function sentimentColor(score: number): string {
  const strength = Math.min(1, Math.abs(score));
  if (strength === 0) return 'hsl(220 10% 35%)';
  const hue = score > 0 ? 140 : 0;
  return `hsl(${hue} ${Math.round(25 + strength * 45)}% ${Math.round(34 + strength * 6)}%)`;
}

/** The badge's tooltip: what the score is made of. */
export function sentimentTitle(
  item: Pick<NewsItem, 'sentiment' | 'positiveWords' | 'negativeWords'>,
): string {
  const { positiveWords: p, negativeWords: n } = item;
  if (p + n === 0) return 'No finance-lexicon words in the headline: neutral (0).';
  return `Finance lexicon: ${p} positive, ${n} negative ${p + n === 1 ? 'word' : 'words'}; score (positive − negative) / (positive + negative) = ${formatSentiment(item.sentiment)}.`;
}
