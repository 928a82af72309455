import { LabError, LabErrorKind } from '../../shared/contract/index.js';

const REMOTE_PREFIX = /^Error invoking remote method '[^']*':\s*(?:[A-Za-z[\]-]*Error[A-Za-z[\]-]*:\s*)?/;
const KIND_IN_NAME = /^LabError\[([a-z-]+)\]$/;

/**
 * Turns what an IPC call rejected with into the error the page shows. The preload rethrows the
 * core's error as an Error whose message is the core's message and whose name is
 * `LabError[<kind>]`; that becomes a LabError again. If Electron itself wrapped an error
 * ("Error invoking remote method 'lab:x': Error: <message>"), the wrapping is taken off.
 */
export function fromIpcError(err: unknown): Error {
  if (!(err instanceof Error)) return new Error(String(err));
  const message = err.message.replace(REMOTE_PREFIX, '');
  const kind = LabErrorKind.safeParse(KIND_IN_NAME.exec(err.name)?.[1]);
  return kind.success ? new LabError(kind.data, message) : new Error(message);
}
