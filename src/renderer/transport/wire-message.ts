import { z } from 'zod';
import { LabErrorPayload, LabEvent, type WireMessage } from '../../shared/contract/index.js';

/**
 * Validator for incoming `WireMessage`s. The contract's own `WireMessage` schema is a
 * discriminatedUnion on `t` with two `result` members, which zod 4 rejects at parse time
 * ("Duplicate discriminator value"), so it cannot validate anything yet. This is the same shape,
 * nesting a union on `ok` inside the one on `t`. Once the contract schema is fixed this file can
 * re-export it instead.
 */
export const IncomingWireMessage: z.ZodType<WireMessage> = z.discriminatedUnion('t', [
  z.discriminatedUnion('ok', [
    z.object({ t: z.literal('result'), id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
    z.object({ t: z.literal('result'), id: z.number().int(), ok: z.literal(false), error: LabErrorPayload }),
  ]),
  z.object({ t: z.literal('event'), event: LabEvent }),
]);
