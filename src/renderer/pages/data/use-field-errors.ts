import { useCallback, useState } from 'react';
import type { FieldErrors } from '../../lib/form-result.js';

/**
 * A form's validation messages per field. `clearError(field)` drops one as soon as its field is
 * edited; the others stay until the next submit sets them all.
 */
export function useFieldErrors<F extends string>() {
  const [errors, setErrors] = useState<FieldErrors<F>>({});
  const clearError = useCallback(
    (field: F) => setErrors((e) => (e[field] ? { ...e, [field]: undefined } : e)),
    [],
  );
  return { errors, setErrors, clearError };
}
