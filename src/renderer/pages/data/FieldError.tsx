/** A form field's inline validation message; the field points at it with aria-describedby. */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <span className="field__error" id={id} data-testid={id}>
      {message}
    </span>
  );
}

/** Props that tie an input to its FieldError. */
export function errorProps(id: string, message: string | undefined) {
  return message ? { 'aria-invalid': true as const, 'aria-describedby': id } : {};
}
