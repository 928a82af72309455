import { BrowserWindow, app, session, shell, type WebContents } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy } from './csp.js';
import type { RendererOrigin } from './trusted-sender.js';
import type { Logger } from '../core/platform/logger.js';

/** Where the dashboard comes from in this run: the dev server or out/renderer/index.html. */
export function rendererOrigin(): RendererOrigin {
  const devServerUrl = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined;
  return {
    ...(devServerUrl ? { devServerUrl } : {}),
    indexFileUrl: pathToFileURL(join(import.meta.dirname, '../renderer/index.html')).href,
  };
}

/**
 * Sends the CSP as a response header for everything the default session loads, in addition to the
 * renderer's meta tag. Call once, before the first window.
 */
export function installContentSecurityPolicy(origin: RendererOrigin): void {
  const policy = contentSecurityPolicy(origin.devServerUrl);
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] },
    });
  });
  // The dashboard needs no camera, microphone, notifications, geolocation, …
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

/**
 * Hardens every web contents the app creates: no navigation away from the dashboard, no new windows
 * (http(s) links open in the user's browser instead), no <webview>.
 */
export function denyNavigationEverywhere(logger: Logger): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      event.preventDefault();
      logger.warn('navigation blocked', { url });
    });
    contents.on('will-redirect', (event, url) => {
      event.preventDefault();
      logger.warn('redirect blocked', { url });
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (/^https?:\/\//.test(url)) void shell.openExternal(url);
      else logger.warn('window.open blocked', { url });
      return { action: 'deny' };
    });
  });
}

/** Creates the dashboard window: isolated, sandboxed, no Node in the page, local content only. */
export function createMainWindow(origin: RendererOrigin): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Tradelab',
    backgroundColor: '#111318',
    autoHideMenuBar: true,
    webPreferences: {
      // electron-vite names the CommonJS preload bundle .cjs because package.json is "type": "module".
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  if (origin.devServerUrl) void window.loadURL(origin.devServerUrl);
  else void window.loadFile(join(import.meta.dirname, '../renderer/index.html'));
  return window;
}
