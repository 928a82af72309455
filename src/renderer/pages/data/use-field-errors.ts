import { useCallback, useState } from 'react';
import type { FieldErrors } from '../../lib/form-result.js';

/**
 * A form's validation messages per field. `clearError(field)` drops one as soon as its field is
 * edited; the others stay until the next submit sets them all. `editing(field, apply)` is a change
 * handler that applies the edit and drops that field's message.
 */
export function useFieldErrors<F extends string>() {
  const [errors, setErrors] = useState<FieldErrors<F>>({});
  const clearError = useCallback(
    (field: F) => setErrors((e) => (e[field] ? { ...e, [field]: undefined } : e)),
    [],
  );
  const editing =
    <V>(field: F, apply: (value: V) => void) =>
    (value: V) => {
      apply(value);
      clearError(field);
    };
  return { errors, setErrors, clearError, editing };
}
