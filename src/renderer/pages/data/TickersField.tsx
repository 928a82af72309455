import { parseTickerList } from '../../lib/tickers.js';
import { errorProps, FieldError } from './FieldError.js';

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
  const count = parseTickerList(value).tickers.length;
  const id = `${testIdPrefix}-tickers`;
  return (
    <label className="field fetch-form__symbols">
      <span className="field__label">Tickers (comma or space separated){count > 0 && ` · ${count}`}</span>
      <textarea
        className="input mono"
        rows={2}
        spellCheck={false}
        placeholder="AAPL, MSFT, SPY"
        data-testid={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        {...errorProps(`${id}-error`, error)}
      />
      <FieldError id={`${id}-error`} message={error} />
    </label>
  );
}
