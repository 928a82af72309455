import { controlProps, FormField } from './FieldError.js';

const UTC_LABELS = { from: 'From (UTC day)', to: 'To (UTC day, inclusive)' };

/**
 * A form's From and To day inputs (`${testIdPrefix}-from`, `${testIdPrefix}-to`) with their
 * inline errors (`${testIdPrefix}-from-error`, `${testIdPrefix}-to-error`). The labels say UTC days
 * unless the form counts days otherwise (stock sessions are New York days).
 */
export function DayRangeFields({
  testIdPrefix,
  from,
  to,
  errors,
  onFrom,
  onTo,
  labels = UTC_LABELS,
}: {
  testIdPrefix: string;
  from: string;
  to: string;
  errors: { from?: string; to?: string };
  onFrom: (day: string) => void;
  onTo: (day: string) => void;
  labels?: { from: string; to: string };
}) {
  return (
    <>
      <DayField
        label={labels.from}
        id={`${testIdPrefix}-from`}
        value={from}
        error={errors.from}
        onChange={onFrom}
      />
      <DayField label={labels.to} id={`${testIdPrefix}-to`} value={to} error={errors.to} onChange={onTo} />
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
    <FormField label={label} id={id} error={error}>
      <input
        type="date"
        className="input"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        {...controlProps(id, error)}
      />
    </FormField>
  );
}
