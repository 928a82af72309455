import { dialog, ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import {
  IPC_EVENT_CHANNEL,
  dispatchLabCall,
  ipcChannel,
  labMethodNames,
  toErrorPayload,
  type LabErrorPayload,
} from '../shared/contract/index.js';
import type { Lab } from '../core/lab-types.js';
import type { Logger } from '../core/platform/logger.js';
import { isTrustedRendererUrl, type RendererOrigin } from './trusted-sender.js';

/** What every invoke channel answers; errors travel as data so their kind survives IPC. */
export type IpcReply = { ok: true; result: unknown } | { ok: false; error: LabErrorPayload };

/** Channel of the desktop-only native picker (not a LabApi method). */
export const PICK_PATHS_CHANNEL = ipcChannel('pickPaths');

export interface LabIpcOptions {
  lab: Lab;
  origin: RendererOrigin;
  logger: Logger;
  /** The dashboard window, when one is open: events go to it, the picker is modal to it. */
  getWindow: () => BrowserWindow | undefined;
}

/**
 * The only place the main process touches `ipcMain`: one invoke handler per LabApi method, each
 * refusing senders that are not our renderer and validating input through `dispatchLabCall`; the
 * lab's event stream forwarded to the window; the folder/file picker. Returns a disposer.
 */
export function registerLabIpc({ lab, origin, logger, getWindow }: LabIpcOptions): () => void {
  const channels: string[] = [];

  const refuse = (event: IpcMainInvokeEvent, channel: string): IpcReply | undefined => {
    const url = event.senderFrame?.url;
    if (isTrustedRendererUrl(url, origin)) return undefined;
    logger.warn('IPC call from an untrusted sender refused', { channel, url });
    return { ok: false, error: { kind: 'unauthorized', message: 'This window may not call the lab.' } };
  };

  for (const method of labMethodNames) {
    const channel = ipcChannel(method);
    channels.push(channel);
    ipcMain.handle(channel, async (event, input: unknown): Promise<IpcReply> => {
      const refused = refuse(event, channel);
      if (refused) return refused;
      try {
        return { ok: true, result: await dispatchLabCall(lab, method, input) };
      } catch (err) {
        const error = toErrorPayload(err);
        if (error.kind === 'internal') logger.error(`lab.${method} failed`, { message: error.message });
        return { ok: false, error };
      }
    });
  }

  channels.push(PICK_PATHS_CHANNEL);
  ipcMain.handle(PICK_PATHS_CHANNEL, async (event): Promise<IpcReply> => {
    const refused = refuse(event, PICK_PATHS_CHANNEL);
    if (refused) return refused;
    const options: Electron.OpenDialogOptions = {
      title: 'Choose folders or files to import',
      properties: ['openDirectory', 'openFile', 'multiSelections'],
    };
    const window = getWindow();
    const picked = window
      ? await dialog.showOpenDialog(window, options)
      : await dialog.showOpenDialog(options);
    return { ok: true, result: picked.canceled ? [] : picked.filePaths };
  });

  const unsubscribe = lab.onEvent((event) => {
    const window = getWindow();
    if (window && !window.isDestroyed() && !window.webContents.isDestroyed()) {
      window.webContents.send(IPC_EVENT_CHANNEL, event);
    }
  });

  return () => {
    unsubscribe();
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}
