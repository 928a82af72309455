import { z } from 'zod';
import {
  LabEvent,
  labMethodNames,
  labMethods,
  type DesktopBridge,
  type LabApi,
  type LabMethodName,
} from '../../shared/contract/index.js';
import { constantConnection, type RendererLabClient } from './connection.js';
import { fromIpcError } from './ipc-error.js';

/**
 * LabClient over the Electron preload's `window.lab`. The preload forwards each method on its own
 * IPC channel; results and events are validated here as well, because the main process is another
 * trust domain and a contract drift should fail loudly, not render garbage.
 */
export function createIpcClient(bridge: DesktopBridge): RendererLabClient {
  async function call(method: LabMethodName, input: unknown): Promise<unknown> {
    let raw: unknown;
    try {
      const fn = bridge[method] as (input: unknown) => Promise<unknown>;
      raw = await fn.call(bridge, input ?? {});
    } catch (err) {
      throw fromIpcError(err);
    }
    const output = labMethods[method].output.safeParse(raw);
    if (!output.success) {
      throw new Error(
        `The desktop app sent an invalid result for "${method}": ${z.prettifyError(output.error)}`,
      );
    }
    return output.data;
  }

  const api = Object.fromEntries(
    labMethodNames.map((method) => [method, (input: unknown) => call(method, input)]),
  ) as unknown as LabApi;

  return {
    api,
    transport: 'ipc',
    connection: constantConnection({
      transport: 'ipc',
      status: 'connected',
      attempt: 0,
      retryAt: null,
      detail: null,
      epoch: 1,
    }),
    onEvent(listener) {
      return bridge.onEvent((raw) => {
        const event = LabEvent.safeParse(raw);
        if (event.success) listener(event.data);
        else
          console.warn('Ignoring a malformed lab event from the desktop app:', z.prettifyError(event.error));
      });
    },
    async pickPaths() {
      let picked: unknown;
      try {
        picked = await bridge.pickPaths();
      } catch (err) {
        throw fromIpcError(err);
      }
      return z.array(z.string()).parse(picked);
    },
    close() {
      // The IPC link lives as long as the window; nothing to close.
    },
  };
}
