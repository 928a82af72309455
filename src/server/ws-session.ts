import type { RawData, WebSocket } from 'ws';
import {
  dispatchLabCall,
  LabError,
  toErrorPayload,
  WireRequest,
  type LabErrorPayload,
  type LabEvent,
  type WireMessage,
} from '../shared/contract/index.js';
import type { Lab } from '../core/lab-types.js';
import type { Logger } from '../core/platform/logger.js';

/** Result id used when a message was too broken to read its own id from. */
export const UNKNOWN_REQUEST_ID = -1;

/**
 * Serves one dashboard connection: every text message is a `WireRequest` answered by one `result`,
 * and every lab event is pushed as an `event`. A malformed message is answered with an error
 * result; it never closes the socket or throws into the server.
 */
export function serveWebSocketSession(socket: WebSocket, lab: Lab, logger: Logger): void {
  const send = (message: WireMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const unsubscribe = lab.onEvent((event: LabEvent) => send({ t: 'event', event }));
  socket.on('close', unsubscribe);
  socket.on('error', (err) => logger.warn('WebSocket connection error', { error: err.message }));

  socket.on('message', (data: RawData, isBinary: boolean) => {
    void answer(data, isBinary).then(send);
  });

  async function answer(data: RawData, isBinary: boolean): Promise<WireMessage> {
    const parsed = parseRequest(data, isBinary);
    if ('error' in parsed) return { t: 'result', id: parsed.id, ok: false, error: parsed.error };
    const { id, method, input } = parsed.request;
    try {
      const result = await dispatchLabCall(lab, method, input);
      return { t: 'result', id, ok: true, result };
    } catch (err) {
      const error = toErrorPayload(err);
      if (error.kind === 'internal') logger.error(`Lab call ${method} failed`, { error: error.message });
      return { t: 'result', id, ok: false, error };
    }
  }
}

type ParsedRequest = { request: WireRequest } | { id: number; error: LabErrorPayload };

function parseRequest(data: RawData, isBinary: boolean): ParsedRequest {
  const invalid = (message: string, id = UNKNOWN_REQUEST_ID) => ({
    id,
    error: new LabError('invalid-input', message).toPayload(),
  });
  if (isBinary)
    return invalid('Binary WebSocket messages are not accepted: send JSON text {id, method, input}.');
  let json: unknown;
  try {
    json = JSON.parse(rawDataToString(data));
  } catch (err) {
    return invalid(`The message is not valid JSON (${(err as Error).message}): send {id, method, input}.`);
  }
  const result = WireRequest.safeParse(json);
  if (!result.success) {
    const { message } = toErrorPayload(result.error);
    return invalid(`The message is not a lab request {id, method, input}: ${message}`, readId(json));
  }
  return { request: result.data };
}

/** Recovers a usable id from a request that failed validation, so the client can match the error. */
function readId(json: unknown): number {
  const id = (json as { id?: unknown } | null)?.id;
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : UNKNOWN_REQUEST_ID;
}

function rawDataToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
