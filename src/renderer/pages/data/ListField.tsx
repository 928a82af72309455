import { controlProps, FormField } from './FieldError.js';

/**
 * A form's list textarea (symbols, tickers: test id `id`, message `${id}-error`), with the count of
 * the valid entries typed in its label: "Tickers (comma or space separated) · 3".
 */
export function ListField({
  id,
  noun,
  placeholder,
  count,
  value,
  error,
  onChange,
}: {
  id: string;
  noun: string;
  placeholder: string;
  count: number;
  value: string;
  error: string | undefined;
  onChange: (text: string) => void;
}) {
  return (
    <FormField
      className="field fetch-form__symbols"
      label={`${noun} (comma or space separated)${count > 0 ? ` · ${count}` : ''}`}
      id={id}
      error={error}
    >
      <textarea
        className="input mono"
        rows={2}
        spellCheck={false}
        placeholder={placeholder}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        {...controlProps(id, error)}
      />
    </FormField>
  );
}
