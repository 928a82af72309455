/**
 * Tickers the headline filter offers: the lab's ticker list, every ticker on the headlines shown
 * (news of a ticker fetched once but not in the list stays findable) and the one picked, sorted,
 * each once.
 */
export function newsFilterChoices(
  defaultTickers: readonly string[] | null,
  seen: Iterable<readonly string[]>,
): string[] {
  const all = new Set(defaultTickers ?? []);
  for (const tickers of seen) for (const t of tickers) all.add(t);
  return [...all].sort();
}
