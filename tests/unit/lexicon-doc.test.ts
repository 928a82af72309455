import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FINANCE_LEXICON_VERSION,
  negativeWords,
  negators,
  positiveWords,
} from '../../src/core/news/finance-lexicon.js';
import { tokenizeHeadline } from '../../src/core/news/headline-tokens.js';
import { repoRoot } from '../helpers/paths.js';

const doc = fs.readFileSync(path.join(repoRoot, 'docs/finance-lexicon.md'), 'utf8');

function documentedCount(label: string): number {
  const match = new RegExp(`${label}: \\*\\*(\\d+)\\*\\*`).exec(doc);
  if (!match) throw new Error(`docs/finance-lexicon.md has no "${label}: **N**" line`);
  return Number(match[1]);
}

describe('finance lexicon', () => {
  it('has the sizes docs/finance-lexicon.md states', () => {
    expect(documentedCount('positive forms')).toBe(positiveWords.size);
    expect(documentedCount('negative forms')).toBe(negativeWords.size);
    expect(documentedCount('negators')).toBe(negators.size);
  });

  it('names its version in the doc', () => {
    expect(doc).toContain(`\`${FINANCE_LEXICON_VERSION}\``);
  });

  it('is large enough to score headlines (about 150+ positive, 300+ negative forms)', () => {
    expect(positiveWords.size).toBeGreaterThanOrEqual(150);
    expect(negativeWords.size).toBeGreaterThanOrEqual(300);
  });

  it('puts no word on both sides and no negator among the words', () => {
    for (const word of positiveWords) expect(negativeWords.has(word), word).toBe(false);
    for (const word of negators) {
      expect(positiveWords.has(word), word).toBe(false);
      expect(negativeWords.has(word), word).toBe(false);
    }
  });

  it('holds only entries the tokenizer can produce as one token', () => {
    for (const word of [...positiveWords, ...negativeWords, ...negators])
      expect(tokenizeHeadline(word), word).toEqual([word]);
  });

  it('lists the headline words the brief names', () => {
    for (const word of ['beat', 'surge', 'upgrade', 'record', 'profit'])
      expect(positiveWords.has(word)).toBe(true);
    for (const word of ['miss', 'plunge', 'downgrade', 'lawsuit', 'recall', 'bankruptcy', 'layoffs'])
      expect(negativeWords.has(word)).toBe(true);
  });
});
