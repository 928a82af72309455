import type { z } from 'zod';

/** Inline messages of a form, by field; `form` holds what belongs to no single field. */
export type FieldErrors<F extends string> = Partial<Record<F | 'form', string>>;

/** A form's values turned into a lab call's parameters, or the messages to show next to its fields. */
export type FormResult<P, F extends string> = { ok: true; params: P } | { ok: false; errors: FieldErrors<F> };

/**
 * The first message of each field from a contract schema's rejection; issues on paths that are
 * not fields of the form land under `form` so nothing is silently dropped.
 */
export function issuesByField<F extends string>(error: z.ZodError, fields: readonly F[]): FieldErrors<F> {
  const errors: FieldErrors<F> = {};
  for (const issue of error.issues) {
    const head = issue.path[0];
    const field = (fields as readonly unknown[]).includes(head) ? (head as F) : 'form';
    errors[field] ??=
      field === 'form' && issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
  }
  return errors;
}

/**
 * What the form made of its fields (`input`) checked against the contract's schema: the call's
 * parameters, or the schema's rejection as messages by field (see issuesByField).
 */
export function paramsFromSchema<P, F extends string>(
  schema: z.ZodType<P>,
  input: unknown,
  fields: readonly F[],
): FormResult<P, F> {
  const result = schema.safeParse(input);
  return result.success
    ? { ok: true, params: result.data }
    : { ok: false, errors: issuesByField(result.error, fields) };
}
