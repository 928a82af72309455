// ESLint flat config. Besides the usual recommended rules it enforces the layers of
// docs (ARCHITECTURE.md, "One core, three shells"): each folder lists what it may not import, and raw
// `ipcMain` / `ipcRenderer` live only behind the typed wrappers in src/main/ipc.ts and src/preload.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// ---- layering ---------------------------------------------------------------------------------

/** Node's built-in modules, bare (`fs`, `fs/promises`) and prefixed (`node:fs`). */
const nodeBuiltins = {
  paths: builtinModules
    .filter((name) => !name.startsWith('_'))
    .map((name) => ({ name, message: 'Node built-ins are not available here (see ARCHITECTURE.md).' })),
  patterns: [{ group: ['node:*'], message: 'Node built-ins are not available here (see ARCHITECTURE.md).' }],
};

const electron = {
  paths: [{ name: 'electron', message: 'Only src/main and src/preload may use Electron.' }],
  patterns: [{ group: ['electron/*'], message: 'Only src/main and src/preload may use Electron.' }],
};

const react = {
  paths: [
    { name: 'react', message: 'React belongs to src/renderer.' },
    { name: 'react-dom', message: 'React belongs to src/renderer.' },
  ],
  patterns: [{ group: ['react/*', 'react-dom/*'], message: 'React belongs to src/renderer.' }],
};

/** Raw IPC, GitHub Desktop style: only the typed wrappers may import these names. */
const rawIpc = {
  paths: [
    {
      name: 'electron',
      importNames: ['ipcMain', 'ipcRenderer'],
      message: 'Use the typed IPC in src/main/ipc.ts (main) or the preload bridge; raw IPC lives only there.',
    },
  ],
  patterns: [],
};

/** Imports of other src folders, by relative path (`../core/lab.js`, `../../server/x.js`, …). */
const layers = (names, message) => ({
  paths: [],
  patterns: [{ group: names.flatMap((name) => [`**/${name}`, `**/${name}/**`]), message }],
});

const sqlite = {
  paths: [{ name: 'better-sqlite3', message: 'The renderer reaches the database only through the LabApi.' }],
  patterns: [],
};

/** One `no-restricted-imports` entry from several restriction sets (a later config would replace it). */
const restrict = (...sets) => [
  'error',
  { paths: sets.flatMap((s) => s.paths), patterns: sets.flatMap((s) => s.patterns) },
];

const layering = [
  {
    name: 'tradelab/layers/core',
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': restrict(
        electron,
        react,
        layers(
          ['main', 'preload', 'renderer', 'server', 'cli'],
          'src/core is platform-free: shells import it, never the reverse.',
        ),
      ),
    },
  },
  {
    name: 'tradelab/layers/shared',
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': restrict(
        nodeBuiltins,
        electron,
        react,
        layers(
          ['core', 'main', 'preload', 'renderer', 'server', 'cli', 'workers'],
          'src/shared is the contract: it imports nothing of the sides.',
        ),
      ),
    },
  },
  {
    name: 'tradelab/layers/renderer',
    files: ['src/renderer/**'],
    rules: {
      'no-restricted-imports': restrict(
        nodeBuiltins,
        electron,
        sqlite,
        layers(
          ['core', 'main', 'preload', 'server', 'cli', 'workers'],
          'The renderer knows only src/shared (the LabApi contract) and its own files.',
        ),
      ),
    },
  },
  {
    name: 'tradelab/layers/headless-shells',
    files: ['src/server/**', 'src/cli/**', 'src/workers/**'],
    rules: {
      'no-restricted-imports': restrict(
        rawIpc,
        react,
        layers(
          ['main', 'preload', 'renderer'],
          'Headless shells and job hosts run on plain Node: no desktop or UI code.',
        ),
      ),
    },
  },
  {
    name: 'tradelab/layers/main',
    files: ['src/main/**'],
    ignores: ['src/main/ipc.ts'],
    rules: {
      'no-restricted-imports': restrict(
        rawIpc,
        react,
        layers(['renderer', 'server', 'cli'], 'src/main is a shell over src/core.'),
      ),
    },
  },
  {
    name: 'tradelab/layers/main-ipc',
    files: ['src/main/ipc.ts'],
    rules: {
      'no-restricted-imports': restrict(
        react,
        layers(['renderer', 'server', 'cli'], 'src/main is a shell over src/core.'),
      ),
    },
  },
  {
    name: 'tradelab/layers/preload',
    files: ['src/preload/**'],
    rules: {
      'no-restricted-imports': restrict(
        nodeBuiltins,
        react,
        layers(
          ['core', 'main', 'renderer', 'server', 'cli', 'workers'],
          'The sandboxed preload can only bundle src/shared and require electron.',
        ),
      ),
    },
  },
  {
    name: 'tradelab/layers/elsewhere',
    files: ['tests/**', 'scripts/**', 'bin/**', '*.{js,mjs,cjs,ts}'],
    rules: { 'no-restricted-imports': restrict(rawIpc) },
  },
];

// ---- the config -------------------------------------------------------------------------------

export default defineConfig(
  {
    name: 'tradelab/ignores',
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'native/**',
      'test-results/**',
      'coverage/**',
      '.tradelab/**',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    name: 'tradelab/node-globals',
    files: ['**/*.{js,mjs,cjs,ts,mts,cts}'],
    ignores: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    name: 'tradelab/renderer',
    files: ['src/renderer/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // React Compiler advice (v7 recommended); a warning, as some effects set state on purpose.
      'react-hooks/set-state-in-effect': 'warn',
    },
  },
  {
    name: 'tradelab/style',
    rules: {
      // Worth fixing, not worth failing the build over: kept as warnings.
      'preserve-caught-error': 'warn',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  layering,
);
