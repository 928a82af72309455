import { errorProps, FieldError } from './FieldError.js';

/**
 * A form's From and To UTC-day inputs (`${testIdPrefix}-from`, `${testIdPrefix}-to`) with their
 * inline errors (`${testIdPrefix}-from-error`, `${testIdPrefix}-to-error`).
 */
export function DayRangeFields({
  testIdPrefix,
  from,
  to,
  errors,
  onFrom,
  onTo,
}: {
  testIdPrefix: string;
  from: string;
  to: string;
  errors: { from?: string; to?: string };
  onFrom: (day: string) => void;
  onTo: (day: string) => void;
}) {
  return (
    <>
      <DayField
        label="From (UTC day)"
        id={`${testIdPrefix}-from`}
        value={from}
        error={errors.from}
        onChange={onFrom}
      />
      <DayField
        label="To (UTC day, inclusive)"
        id={`${testIdPrefix}-to`}
        value={to}
        error={errors.to}
        onChange={onTo}
      />
    </>
  );
}

function DayField({
  label,
  id,
  value,
  error,
  onChange,
}: {
  label: string;
  id: string;
  value: string;
  error: string | undefined;
  onChange: (day: string) => void;
}) {
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      <input
        type="date"
        className="input"
        data-testid={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        {...errorProps(`${id}-error`, error)}
      />
      <FieldError id={`${id}-error`} message={error} />
    </label>
  );
}
