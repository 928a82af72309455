import { LabError } from './errors.js';
import { labMethods, type LabApi, type LabMethodName } from './lab-api.js';

export function isLabMethod(name: string): name is LabMethodName {
  return Object.prototype.hasOwnProperty.call(labMethods, name);
}

/**
 * Receiving side of every transport: checks the method exists, validates the input against its
 * schema (throws ZodError → `invalid-input`), and calls the implementation.
 */
export async function dispatchLabCall(api: LabApi, method: string, rawInput: unknown): Promise<unknown> {
  if (!isLabMethod(method)) throw new LabError('not-found', `Unknown lab method "${method}".`);
  const input = labMethods[method].input.parse(rawInput ?? {});
  const fn = api[method] as (input: unknown) => Promise<unknown>;
  return fn.call(api, input);
}
