import { useState } from 'react';
import { formatTickerList, parseTickerList } from '../../lib/tickers.js';
import { ListField } from './ListField.js';

/**
 * A stock form's tickers textarea (`${testIdPrefix}-tickers`, error `${testIdPrefix}-tickers-error`),
 * with the count of valid tickers in its label.
 */
export function TickersField({
  testIdPrefix,
  value,
  error,
  onChange,
}: {
  testIdPrefix: string;
  value: string;
  error: string | undefined;
  onChange: (text: string) => void;
}) {
  return (
    <ListField
      id={`${testIdPrefix}-tickers`}
      noun="Tickers"
      placeholder="AAPL, MSFT, SPY"
      count={parseTickerList(value).tickers.length}
      value={value}
      error={error}
      onChange={onChange}
    />
  );
}

/**
 * A stock form's tickers text and its setter: the lab's stock-ticker setting (`defaultTickers`,
 * null until it answers) until the user edits the field.
 */
export function useTickersText(defaultTickers: readonly string[] | null) {
  // null: the lab's ticker list, until the user edits the field.
  const [tickersText, setTickersText] = useState<string | null>(null);
  return [tickersText ?? formatTickerList(defaultTickers ?? []), setTickersText] as const;
}
