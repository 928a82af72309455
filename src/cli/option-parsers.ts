import { InvalidArgumentError } from 'commander';

/** The words of a comma- or space-separated flag value, without blanks. */
export function splitList(value: string): string[] {
  return value.split(/[\s,]+/).filter(Boolean);
}

/** A list flag such as --what or --datasets, lower-cased (the job schema checks each word). */
export function lowerCaseList(value: string): string[] {
  return splitList(value).map((w) => w.toLowerCase());
}

/**
 * Parser of a list of names (symbols, tickers), upper-cased, without blanks or duplicates; a list
 * with none is refused with `emptyMessage`.
 */
export function upperCaseListParser(emptyMessage: string): (value: string) => string[] {
  return (value) => {
    const names = [...new Set(splitList(value).map((n) => n.toUpperCase()))];
    if (names.length === 0) throw new InvalidArgumentError(emptyMessage);
    return names;
  };
}

/** Parser of a whole-number flag from `min` to `max`, or from `min` up when `max` is left out. */
export function wholeNumber(min: number, max?: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || (max !== undefined && n > max))
      throw new InvalidArgumentError(
        max === undefined ? `a whole number ≥ ${min}` : `a whole number from ${min} to ${max}`,
      );
    return n;
  };
}

/** The UTC day `daysAgo` days before now, YYYY-MM-DD: the default of date flags such as --to. */
export function utcDay(daysAgo = 0): string {
  return new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
}
