import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  IPC_EVENT_CHANNEL,
  ipcChannel,
  labMethodNames,
  type DesktopBridge,
  type LabApi,
  type LabErrorPayload,
  type LabEvent,
} from '../shared/contract/index.js';

// The sandboxed preload: exposes exactly one typed object, `window.lab` (DesktopBridge). Each LabApi
// method has its own channel; there is no generic invoke, and no Electron object leaks to the page.
// Bundled to CommonJS with its dependencies (sandboxed preloads can only require 'electron').

type IpcReply = { ok: true; result: unknown } | { ok: false; error: LabErrorPayload };

async function call(channel: string, input?: unknown): Promise<unknown> {
  const reply = (await ipcRenderer.invoke(channel, input)) as IpcReply;
  if (reply.ok) return reply.result;
  // contextBridge reliably copies an Error's message to the page; the kind rides along in `name`.
  const error = new Error(reply.error.message);
  error.name = `LabError[${reply.error.kind}]`;
  throw error;
}

const api = Object.fromEntries(
  labMethodNames.map((method) => [method, (input: unknown) => call(ipcChannel(method), input)]),
) as unknown as LabApi;

const bridge: DesktopBridge = {
  ...api,
  onEvent(listener: (event: LabEvent) => void): () => void {
    const handler = (_event: IpcRendererEvent, payload: LabEvent) => listener(payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
    };
  },
  pickPaths: async () => (await call(ipcChannel('pickPaths'))) as string[],
};

contextBridge.exposeInMainWorld('lab', bridge);
