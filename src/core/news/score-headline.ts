import { failVerbs, negativeWords, negators, positiveWords } from './finance-lexicon.js';
import { tokenizeHeadline } from './headline-tokens.js';

/** Tokens before a hit that a negator may stand in to flip it ("not a beat", "no winner"). */
const NEGATION_WINDOW = 3;

export type Sense = 'positive' | 'negative';

export interface LexiconHit {
  word: string;
  /** The sense after negation. */
  sense: Sense;
  negated: boolean;
}

export interface HeadlineScore {
  /** (positive − negative) / (positive + negative) in [-1, 1]; 0 without hits. */
  score: number;
  positive: number;
  negative: number;
  hits: LexiconHit[];
}

/**
 * Scores a headline with the finance lexicon: each positive or negative word is one hit; a hit
 * with a negator among the 3 tokens before it ("not", "no", "never", "without", n't forms,
 * "fails to") counts for the other side. Hyphenated tokens that are not lexicon words themselves
 * are scored by their parts ("record-breaking" is a word; "profit-taking" scores "profit").
 */
export function scoreHeadline(title: string): HeadlineScore {
  const terms = lexiconTerms(tokenizeHeadline(title));
  const hits: LexiconHit[] = [];
  let lastNegatorEnd = -Infinity;
  for (let i = 0; i < terms.length; i++) {
    const term = terms[i];
    if (failVerbs.has(term) && terms[i + 1] === 'to') {
      // "fails to beat": a negator, not a negative word of its own.
      lastNegatorEnd = i + 1;
      i++;
      continue;
    }
    if (negators.has(term)) {
      lastNegatorEnd = i;
      continue;
    }
    const base = senseOf(term);
    if (!base) continue;
    const negated = i - lastNegatorEnd <= NEGATION_WINDOW;
    hits.push({ word: term, sense: negated ? opposite(base) : base, negated });
  }
  const positive = hits.filter((h) => h.sense === 'positive').length;
  const negative = hits.length - positive;
  const score = hits.length === 0 ? 0 : (positive - negative) / hits.length;
  return { score, positive, negative, hits };
}

/** Whole hyphenated forms the lexicon knows stay one term; others are split into their parts. */
function lexiconTerms(tokens: string[]): string[] {
  const terms: string[] = [];
  for (const token of tokens) {
    const word = token.endsWith("'s") ? token.slice(0, -2) : token;
    if (!word.includes('-') || senseOf(word)) terms.push(word);
    else terms.push(...word.split('-'));
  }
  return terms;
}

function senseOf(word: string): Sense | null {
  if (positiveWords.has(word)) return 'positive';
  if (negativeWords.has(word)) return 'negative';
  return null;
}

function opposite(sense: Sense): Sense {
  return sense === 'positive' ? 'negative' : 'positive';
}
