import { Option } from 'commander';
import type { Lab } from '../core/lab-types.js';
import { CliError } from './cli-error.js';
import { upperCaseListParser } from './option-parsers.js';

/** Words of the stock commands' --tickers flag: an example list, and the help line. */
export interface TickersFlag {
  /** Tickers shown in messages, e.g. "AAPL,MSFT". */
  example: string;
  description?: string;
}

/** `--tickers <list>`: comma-separated tickers, upper-cased, without blanks or duplicates. */
export function tickersOption({
  example,
  description = 'comma-separated tickers (default: the stockTickers setting)',
}: TickersFlag): Option {
  return new Option('--tickers <list>', description).argParser(
    upperCaseListParser(`give at least one ticker, e.g. ${example}`),
  );
}

/**
 * The --tickers list, else the stockTickers setting. No tickers at all is exit status 2, as
 * "Cannot `doing`: give --tickers (e.g. …) or set stockTickers".
 */
export async function tickersOrSetting(
  lab: Lab,
  given: string[] | undefined,
  doing: string,
  { example }: TickersFlag,
): Promise<string[]> {
  const tickers = given ?? (await lab.getSettings({})).stockTickers.value;
  if (tickers.length === 0)
    throw new CliError(`Cannot ${doing}: give --tickers (e.g. --tickers ${example}) or set stockTickers`, 2);
  return tickers;
}
