import { z } from 'zod';
import { LabEvent } from './events.js';
import { LabErrorPayload } from './errors.js';

/** WebSocket messages, client → server: a call of a LabApi method. */
export const WireRequest = z.object({
  id: z.number().int().nonnegative(),
  method: z.string(),
  input: z.unknown(),
});
export type WireRequest = z.infer<typeof WireRequest>;

/** WebSocket messages, server → client: a call's result, or an event of the lab's stream. */
export const WireMessage = z.discriminatedUnion('t', [
  // A call's outcome: nested union on `ok` (a discriminated union takes each `t` value once).
  z.discriminatedUnion('ok', [
    z.object({ t: z.literal('result'), id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
    z.object({ t: z.literal('result'), id: z.number().int(), ok: z.literal(false), error: LabErrorPayload }),
  ]),
  z.object({ t: z.literal('event'), event: LabEvent }),
]);
export type WireMessage = z.infer<typeof WireMessage>;

/** Electron IPC channel names: one invoke channel per method, one event channel. */
export const ipcChannel = (method: string): string => `lab:${method}`;
export const IPC_EVENT_CHANNEL = 'lab:event';
