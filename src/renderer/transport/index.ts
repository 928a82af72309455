import type { DesktopBridge } from '../../shared/contract/index.js';
import type { RendererLabClient } from './connection.js';
import { createIpcClient } from './ipc-client.js';
import { takeServerToken, webSocketUrl } from './token.js';
import { createWebSocketClient } from './ws-client.js';

export type { ConnectionState, ConnectionStatus, RendererLabClient } from './connection.js';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent when the page is served by the headless server. */
    lab?: DesktopBridge;
  }
}

/** IPC inside Electron, else the headless server's WebSocket on the page's own origin. */
export function connectLab(): RendererLabClient {
  if (window.lab) return createIpcClient(window.lab);
  const token = takeServerToken({
    location: window.location,
    history: window.history,
    storage: window.sessionStorage,
  });
  return createWebSocketClient(webSocketUrl(window.location, token));
}
