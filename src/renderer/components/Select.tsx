/** One choice of a Select: the value it sets and the text it shows. */
export interface SelectOption<T extends string> {
  value: T;
  label: string;
}

/** A select of `options` (test id `testId`) that hands back the chosen option's value. */
export function Select<T extends string>({
  value,
  options,
  onChange,
  testId,
  className = 'input',
}: {
  value: T;
  options: readonly SelectOption<T>[];
  onChange: (value: T) => void;
  testId: string;
  className?: string;
}) {
  return (
    <select
      className={className}
      data-testid={testId}
      value={value}
      onChange={(e) => onChange(e.target.value as T)}
    >
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}

/** Options whose text is their value. */
export function plainOptions<T extends string>(values: readonly T[]): SelectOption<T>[] {
  return values.map((value) => ({ value, label: value }));
}

/** A small labelled Select that filters what a panel shows (beside its title). */
export function InlineSelect<T extends string>({
  label,
  ...select
}: {
  label: string;
  value: T;
  options: readonly SelectOption<T>[];
  onChange: (value: T) => void;
  testId: string;
}) {
  return (
    <label className="inline-field">
      <span className="field__label">{label}</span>
      <Select className="input input--small" {...select} />
    </label>
  );
}
