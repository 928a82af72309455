import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layer rules of eslint.config.js (ARCHITECTURE.md, "One core, three shells"), checked through
// ESLint's Node API on snippets placed at paths inside each layer.
const eslint = new ESLint({
  cwd: fileURLToPath(new URL('../..', import.meta.url)),
  overrideConfigFile: 'eslint.config.js',
});

async function restrictedImports(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering lint rules', { timeout: 30_000 }, () => {
  it('forbids electron in src/core', async () => {
    expect(
      await restrictedImports("import { app } from 'electron';\nvoid app;", 'src/core/x.ts'),
    ).toHaveLength(1);
  });

  it('forbids Node built-ins in src/renderer', async () => {
    expect(await restrictedImports("import fs from 'node:fs';\nvoid fs;", 'src/renderer/x.ts')).toHaveLength(
      1,
    );
    expect(await restrictedImports("import fs from 'fs';\nvoid fs;", 'src/renderer/x.ts')).toHaveLength(1);
  });

  it('forbids src/core (and the other sides) in src/renderer', async () => {
    expect(
      await restrictedImports("import x from '../core/lab.js';\nvoid x;", 'src/renderer/x.ts'),
    ).toHaveLength(1);
    expect(
      await restrictedImports("import x from '../../server/index.js';\nvoid x;", 'src/renderer/pages/x.tsx'),
    ).toHaveLength(1);
  });

  it('lets the renderer import src/shared and its own files', async () => {
    expect(
      await restrictedImports(
        "import { labMethods } from '../shared/contract/index.js';\nimport { f } from './lib/format.js';\nvoid labMethods;\nvoid f;",
        'src/renderer/x.ts',
      ),
    ).toEqual([]);
  });

  it('forbids Node built-ins and src/core in src/shared', async () => {
    expect(
      await restrictedImports("import path from 'path';\nvoid path;", 'src/shared/contract/x.ts'),
    ).toHaveLength(1);
    expect(
      await restrictedImports(
        "import { openLab } from '../../core/lab.js';\nvoid openLab;",
        'src/shared/contract/x.ts',
      ),
    ).toHaveLength(1);
  });

  it('keeps raw ipcMain/ipcRenderer behind src/main/ipc.ts and the preload', async () => {
    const ipcMain = "import { ipcMain } from 'electron';\nvoid ipcMain;";
    const ipcRenderer = "import { ipcRenderer } from 'electron';\nvoid ipcRenderer;";
    expect(await restrictedImports(ipcMain, 'src/main/ipc.ts')).toEqual([]);
    expect(await restrictedImports(ipcRenderer, 'src/preload/index.ts')).toEqual([]);
    expect(await restrictedImports(ipcMain, 'src/main/window.ts')).toHaveLength(1);
    expect(await restrictedImports(ipcMain, 'src/server/x.ts')).toHaveLength(1);
    expect(
      await restrictedImports("import { app } from 'electron';\nvoid app;", 'src/main/window.ts'),
    ).toEqual([]);
  });
});
