import type { LabEvent } from './events.js';
import type { LabApi } from './lab-api.js';

/**
 * The one object the Electron preload exposes as `window.lab`: every LabApi method (each its own
 * IPC channel, no generic invoke), the event stream, and the desktop-only folder picker.
 */
export interface DesktopBridge extends LabApi {
  onEvent(listener: (event: LabEvent) => void): () => void;
  /** Opens the native folder/file picker; resolves to the chosen paths (empty when cancelled). */
  pickPaths(): Promise<string[]>;
}

/** What the dashboard holds, whichever transport it was given. */
export interface LabClient {
  api: LabApi;
  onEvent(listener: (event: LabEvent) => void): () => void;
  /** Present only where a native picker exists (desktop). */
  pickPaths?: () => Promise<string[]>;
  transport: 'ipc' | 'websocket';
}
