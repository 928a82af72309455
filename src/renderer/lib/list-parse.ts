/** A typed list split into its valid entries and the rest. */
export interface ParsedList {
  /** Upper-cased, valid, in the order typed, each once. */
  valid: string[];
  /** Entries that are not valid even after upper-casing, as typed. */
  invalid: string[];
}

/**
 * A list field takes entries separated by commas, spaces, semicolons or new lines (pasted from a
 * spreadsheet, a chat or a watchlist). Case does not matter: entries are upper-cased before
 * `isValid` sees them.
 */
export function parseUpperCaseList(text: string, isValid: (entry: string) => boolean): ParsedList {
  const valid = new Set<string>();
  const invalid: string[] = [];
  for (const part of text.split(/[\s,;]+/)) {
    if (!part) continue;
    const entry = part.toUpperCase();
    if (isValid(entry)) valid.add(entry);
    else if (!invalid.includes(part)) invalid.push(part);
  }
  return { valid: [...valid], invalid };
}

/** What a list field's inline message says, in its own words. */
export interface ListMessages {
  /** Leads the invalid entries: "Not tickers". */
  notValid: string;
  /** Follows them: what a valid entry looks like. */
  rule: string;
  /** When nothing valid was typed. */
  empty: string;
}

/** The inline message for a list field, or null when it is usable. */
export function listError(
  parsed: { invalid: readonly string[] },
  validCount: number,
  messages: ListMessages,
): string | null {
  if (parsed.invalid.length > 0) {
    const shown = parsed.invalid
      .slice(0, 5)
      .map((s) => `"${s}"`)
      .join(', ');
    const more = parsed.invalid.length > 5 ? ` and ${parsed.invalid.length - 5} more` : '';
    return `${messages.notValid}: ${shown}${more}. ${messages.rule}`;
  }
  if (validCount === 0) return messages.empty;
  return null;
}
