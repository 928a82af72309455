import { app, dialog, safeStorage, type BrowserWindow } from 'electron';
import { openLab } from '../core/lab.js';
import { resolveDataDir } from '../core/platform/data-dir.js';
import { createStderrLogger } from '../core/platform/logger.js';
import type { Lab } from '../core/lab-types.js';
import { dataDirFlag } from './cli-args.js';
import { registerLabIpc } from './ipc.js';
import { electronSqliteBinding } from './native-binding.js';
import { createUtilityProcessRunner } from './utility-process-runner.js';
import {
  createMainWindow,
  denyNavigationEverywhere,
  installContentSecurityPolicy,
  rendererOrigin,
} from './window.js';

// App lifecycle only: one instance, open the lab, show the window, close the lab before quitting.
// Everything the lab does lives in src/core; the pieces here are in their own files.

const logger = createStderrLogger('main');
let lab: Lab | undefined;
let mainWindow: BrowserWindow | undefined;
let shutdown: 'running' | 'closing' | 'closed' = 'running';

if (!app.requestSingleInstanceLock()) {
  // Another Tradelab owns the data dir; it focuses its window (below) and we leave.
  app.quit();
} else {
  app.on('second-instance', () => focusWindow());
  denyNavigationEverywhere(logger);
  app.whenReady().then(startApp, (err: unknown) => fail(err));
}

async function startApp(): Promise<void> {
  try {
    const origin = rendererOrigin();
    installContentSecurityPolicy(origin);
    const dataDir = resolveDataDir({
      flag: dataDirFlag(process.argv),
      env: process.env,
      platformDefault: app.getPath('userData'),
    });
    const sqliteNativeBinding = electronSqliteBinding({
      isPackaged: app.isPackaged,
      resourcesPath: process.resourcesPath,
      appRoot: app.getAppPath(),
      logger,
    });
    logger.info('opening the lab', { dataDir, sqliteNativeBinding });
    const opened = await openLab({
      dataDir,
      shell: 'desktop',
      canPickFolders: true,
      jobRunner: createUtilityProcessRunner({ logger }),
      logger,
      version: app.getVersion(),
      // Data-source keys are stored encrypted by the OS keychain, never in clear.
      secretCipher: safeStorage,
      ...(sqliteNativeBinding ? { sqliteNativeBinding } : {}),
    }).catch((err: unknown) => {
      throw withNativeHint(err, sqliteNativeBinding);
    });
    lab = opened;
    registerLabIpc({ lab: opened, origin, logger, getWindow: () => mainWindow });
    await opened.start();
    openWindow();
    app.on('activate', () => {
      if (!mainWindow) openWindow();
    });
  } catch (err) {
    fail(err);
  }
}

/** Opening the database without the Electron build of better-sqlite3 fails with an ABI error; say why. */
function withNativeHint(err: unknown, sqliteNativeBinding: string | undefined): unknown {
  if (sqliteNativeBinding) return err;
  return new Error(
    `${errorMessage(err)}\n\nThe Electron build of better-sqlite3 was not found. ` +
      'Run "npm run rebuild:electron" (see docs/native-modules.md) and start again.',
  );
}

function openWindow(): void {
  const origin = rendererOrigin();
  const window = createMainWindow(origin);
  mainWindow = window;
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = undefined;
  });
}

function focusWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// Close the lab before the process ends: running jobs are marked interrupted (they resume at the next
// start), job hosts are stopped and the database is closed. Quit is deferred once for that.
app.on('before-quit', (event) => {
  if (shutdown === 'closed' || !lab) return;
  event.preventDefault();
  if (shutdown === 'closing') return;
  shutdown = 'closing';
  const closing = lab;
  closing
    .close()
    .catch((err: unknown) => logger.error('closing the lab failed', { message: errorMessage(err) }))
    .finally(() => {
      shutdown = 'closed';
      app.quit();
    });
});

function fail(err: unknown): void {
  const message = errorMessage(err);
  logger.error('Tradelab could not start', { message });
  dialog.showErrorBox('Tradelab could not start', message);
  shutdown = 'closed';
  app.exit(1);
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
