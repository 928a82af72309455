import { z } from 'zod';

/**
 * Error kinds that cross process boundaries. `invalid-input`: the caller sent something the schema
 * rejects; `not-found`: the thing named does not exist; `conflict`: the request cannot apply in the
 * current state; `internal`: a bug or an unexpected failure (see the log).
 */
export const LabErrorKind = z.enum(['invalid-input', 'not-found', 'conflict', 'unauthorized', 'internal']);
export type LabErrorKind = z.infer<typeof LabErrorKind>;

export const LabErrorPayload = z.object({ kind: LabErrorKind, message: z.string() });
export type LabErrorPayload = z.infer<typeof LabErrorPayload>;

/** An error the user can read: what failed, for which input, what to do. */
export class LabError extends Error {
  constructor(
    readonly kind: LabErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'LabError';
  }

  toPayload(): LabErrorPayload {
    return { kind: this.kind, message: this.message };
  }
}

/** Converts anything thrown into the payload sent across a boundary. */
export function toErrorPayload(err: unknown): LabErrorPayload {
  if (err instanceof LabError) return err.toPayload();
  if (err instanceof z.ZodError) {
    return { kind: 'invalid-input', message: z.prettifyError(err) };
  }
  return { kind: 'internal', message: err instanceof Error ? err.message : String(err) };
}
