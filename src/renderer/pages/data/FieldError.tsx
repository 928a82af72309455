import type { ReactNode } from 'react';

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

/** A control's test id (`id`) and its tie to its FormField's message (`${id}-error`). */
export function controlProps(id: string, error: string | undefined) {
  return { 'data-testid': id, ...errorProps(`${id}-error`, error) };
}

/**
 * A labelled form control (the children) with its inline message (`${id}-error`) under it; the
 * control spreads `controlProps(id, error)`. Without an id the control has no message of its own.
 */
export function FormField({
  label,
  id,
  error,
  className = 'field',
  children,
}: {
  label: ReactNode;
  id?: string;
  error?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <label className={className}>
      <span className="field__label">{label}</span>
      {children}
      {id && <FieldError id={`${id}-error`} message={error} />}
    </label>
  );
}
