import type { LabClient } from '../../shared/contract/index.js';

/** What the status bar shows about the link to the lab. */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'closed';

export interface ConnectionState {
  transport: LabClient['transport'];
  status: ConnectionStatus;
  /** Reconnect attempts since the link was last up (0 while connected). */
  attempt: number;
  /** Epoch ms of the next reconnect try, while reconnecting. */
  retryAt: number | null;
  /** Why the link went down, in words (close code/reason), while not connected. */
  detail: string | null;
  /**
   * How many times the link came up. Data loaders depend on it so that they fetch again after a
   * reconnect (events sent while the link was down are lost); 0 means "not yet, wait".
   */
  epoch: number;
}

/** Lets the shell watch the link without the pages knowing which transport they have. */
export interface ConnectionMonitor {
  get(): ConnectionState;
  subscribe(listener: (state: ConnectionState) => void): () => void;
}

/** The client the renderer holds: a LabClient plus a way to watch its link. */
export interface RendererLabClient extends LabClient {
  connection: ConnectionMonitor;
  /** Stops the transport (closes the socket, stops reconnecting). */
  close(): void;
}

/** A monitor whose state never changes: IPC is up as long as the window exists. */
export function constantConnection(state: ConnectionState): ConnectionMonitor {
  return { get: () => state, subscribe: () => () => {} };
}
