import { z } from 'zod';
import {
  LabError,
  labMethodNames,
  labMethods,
  type LabApi,
  type LabEvent,
  type LabMethodName,
  WireMessage,
  type WireRequest,
} from '../../shared/contract/index.js';
import { reconnectDelayMs } from './backoff.js';
import type { ConnectionMonitor, ConnectionState, RendererLabClient } from './connection.js';

/**
 * The part of the browser WebSocket this client uses. Declared structurally so the client can be
 * unit-tested with a fake socket and typechecked without DOM types.
 */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface WebSocketClientOptions {
  createSocket?: (url: string) => SocketLike;
  /** Delay before reconnect attempt n (1-based). */
  reconnectDelay?: (attempt: number) => number;
  /** How long a call made while disconnected waits for the link before it fails. */
  queuedCallTimeoutMs?: number;
  now?: () => number;
}

const SOCKET_OPEN = 1;

interface SentCall {
  method: LabMethodName;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface QueuedCall extends SentCall {
  id: number;
  input: unknown;
  timer: ReturnType<typeof setTimeout>;
}

function browserSocket(url: string): SocketLike {
  const ctor = (globalThis as unknown as { WebSocket: new (url: string) => SocketLike }).WebSocket;
  return new ctor(url);
}

function describeClose(code: number, reason: string): string {
  if (reason) return `${reason} (code ${code})`;
  if (code === 1006) return 'the server is unreachable or closed the connection';
  return `closed with code ${code}`;
}

/**
 * LabClient over the headless server's WebSocket. Calls are `WireRequest`s answered by `result`
 * messages with the same id; `event` messages feed `onEvent`. Every incoming message and every
 * result is validated. When the socket drops, calls in flight fail at once (the server may or may
 * not have run them, so they are not replayed), and the client reconnects with backoff; calls made
 * while disconnected wait for the link for a while.
 */
export function createWebSocketClient(url: string, options: WebSocketClientOptions = {}): RendererLabClient {
  const createSocket = options.createSocket ?? browserSocket;
  const reconnectDelay = options.reconnectDelay ?? ((attempt: number) => reconnectDelayMs(attempt));
  const queuedCallTimeoutMs = options.queuedCallTimeoutMs ?? 30_000;
  const now = options.now ?? Date.now;

  let socket: SocketLike | null = null;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let closedByUser = false;
  let nextId = 1;
  const sent = new Map<number, SentCall>();
  const queued: QueuedCall[] = [];
  const eventListeners = new Set<(event: LabEvent) => void>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = {
    transport: 'websocket',
    status: 'connecting',
    attempt: 0,
    retryAt: null,
    detail: null,
    epoch: 0,
  };

  function setState(next: Partial<ConnectionState>): void {
    state = { ...state, ...next };
    for (const listener of stateListeners) listener(state);
  }

  function sendCall(id: number, call: SentCall, input: unknown): void {
    const request: WireRequest = { id, method: call.method, input };
    sent.set(id, call);
    try {
      socket!.send(JSON.stringify(request));
    } catch (err) {
      sent.delete(id);
      call.reject(new Error(`Could not send "${call.method}" to the lab server: ${String(err)}`));
    }
  }

  function flushQueue(): void {
    for (const call of queued.splice(0)) {
      clearTimeout(call.timer);
      sendCall(call.id, call, call.input);
    }
  }

  function failSent(why: string): void {
    const calls = [...sent.values()];
    sent.clear();
    for (const call of calls) {
      call.reject(
        new Error(`Lost the connection to the lab server (${why}) before "${call.method}" answered.`),
      );
    }
  }

  function settle(id: number, settleCall: (call: SentCall) => void): void {
    const call = sent.get(id);
    if (!call) return; // an answer to a call that already failed on a disconnect
    sent.delete(id);
    settleCall(call);
  }

  function handleMessage(data: unknown): void {
    let json: unknown;
    try {
      json = JSON.parse(String(data));
    } catch {
      console.warn('Ignoring a non-JSON message from the lab server.');
      return;
    }
    const parsed = WireMessage.safeParse(json);
    if (!parsed.success) {
      // Fail the call it answers, if it names one, so the caller does not wait forever.
      const id = (json as { id?: unknown } | null)?.id;
      if (typeof id === 'number') {
        settle(id, (call) =>
          call.reject(
            new Error(
              `The lab server sent a malformed answer to "${call.method}": ${z.prettifyError(parsed.error)}`,
            ),
          ),
        );
      } else {
        console.warn('Ignoring a malformed message from the lab server:', z.prettifyError(parsed.error));
      }
      return;
    }
    const message = parsed.data;
    if (message.t === 'event') {
      for (const listener of eventListeners) {
        try {
          listener(message.event);
        } catch (err) {
          console.error('A lab event listener threw:', err);
        }
      }
      return;
    }
    if (!message.ok) {
      const { kind, message: text } = message.error;
      settle(message.id, (call) => call.reject(new LabError(kind, text)));
      return;
    }
    const result = message.result;
    settle(message.id, (call) => {
      const output = labMethods[call.method].output.safeParse(result);
      if (output.success) call.resolve(output.data);
      else
        call.reject(
          new Error(
            `The lab server sent an invalid result for "${call.method}": ${z.prettifyError(output.error)}`,
          ),
        );
    });
  }

  function scheduleReconnect(why: string): void {
    const attempt = state.attempt + 1;
    const delay = reconnectDelay(attempt);
    setState({ status: 'reconnecting', attempt, retryAt: now() + delay, detail: why });
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      open();
    }, delay);
  }

  function open(): void {
    const s = createSocket(url);
    socket = s;
    s.onopen = () => {
      if (socket !== s) return;
      setState({ status: 'connected', attempt: 0, retryAt: null, detail: null, epoch: state.epoch + 1 });
      flushQueue();
    };
    s.onmessage = (event) => {
      if (socket === s) handleMessage(event.data);
    };
    s.onerror = () => {
      // The browser follows every error with a close event; the reconnect happens there.
    };
    s.onclose = (event) => {
      if (socket !== s) return;
      socket = null;
      const why = describeClose(event.code, event.reason);
      failSent(why);
      if (closedByUser) setState({ status: 'closed', retryAt: null, detail: null });
      else scheduleReconnect(why);
    };
  }

  function call(method: LabMethodName, input: unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const id = nextId++;
      if (closedByUser) {
        reject(new Error(`The lab client is closed; "${method}" was not sent.`));
      } else if (socket && socket.readyState === SOCKET_OPEN) {
        sendCall(id, { method, resolve, reject }, input ?? {});
      } else {
        const timer = setTimeout(() => {
          const index = queued.findIndex((q) => q.id === id);
          if (index >= 0) queued.splice(index, 1);
          const why = state.detail ? ` (${state.detail})` : '';
          reject(
            new Error(`Not connected to the lab server${why}; "${method}" was not sent. Still retrying.`),
          );
        }, queuedCallTimeoutMs);
        queued.push({ id, method, input: input ?? {}, resolve, reject, timer });
      }
    });
  }

  const api = Object.fromEntries(
    labMethodNames.map((method) => [method, (input: unknown) => call(method, input)]),
  ) as unknown as LabApi;

  const connection: ConnectionMonitor = {
    get: () => state,
    subscribe(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
  };

  open();

  return {
    api,
    transport: 'websocket',
    connection,
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    close() {
      closedByUser = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      reconnectTimer = null;
      for (const q of queued.splice(0)) {
        clearTimeout(q.timer);
        q.reject(new Error(`The lab client was closed before "${q.method}" was sent.`));
      }
      if (socket) socket.close(1000, 'client closed');
      else setState({ status: 'closed', retryAt: null, detail: null });
    },
  };
}
