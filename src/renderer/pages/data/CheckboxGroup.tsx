import { errorProps, FieldError } from './FieldError.js';

/**
 * A form's boxes for some of `options` (`${testIdPrefix}-${option}`) with their inline message
 * (`errorId`). The ticked ones are kept in the options' order so the request reads the same however
 * the boxes were ticked.
 */
export function CheckboxGroup<T extends string>({
  legend,
  options,
  labels,
  value,
  onChange,
  testIdPrefix,
  errorId,
  error,
}: {
  legend: string;
  options: readonly T[];
  labels: Record<T, string>;
  value: readonly T[];
  onChange: (value: T[]) => void;
  testIdPrefix: string;
  errorId: string;
  error: string | undefined;
}) {
  return (
    <fieldset className="checkbox-group" {...errorProps(errorId, error)}>
      <legend className="field__label">{legend}</legend>
      {options.map((option) => (
        <label key={option} className="checkbox-field">
          <input
            type="checkbox"
            data-testid={`${testIdPrefix}-${option}`}
            checked={value.includes(option)}
            onChange={(e) =>
              onChange(options.filter((o) => (o === option ? e.target.checked : value.includes(o))))
            }
          />
          {labels[option]}
        </label>
      ))}
      <FieldError id={errorId} message={error} />
    </fieldset>
  );
}
