import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

/**
 * React Fast Refresh injects an inline script under the dev server; the shipped CSP forbids inline
 * scripts, so only `electron-vite dev` relaxes script-src. Production builds keep the strict policy.
 */
function devOnlyInlineScripts(): Plugin {
  return {
    name: 'tradelab-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
  };
}

// One build for the desktop app: main (+ the job host entry for utilityProcess), preload, renderer.
// The headless server serves the same renderer build from out/renderer.
export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          'job-host': resolve('src/workers/job-host.ts'),
        },
      },
    },
  },
  preload: {
    // Sandboxed preloads can only require 'electron': bundle everything else (zod via src/shared).
    build: {
      externalizeDeps: false,
      outDir: 'out/preload',
      rollupOptions: { input: { index: resolve('src/preload/index.ts') }, output: { format: 'cjs' } },
    },
  },
  renderer: {
    root: 'src/renderer',
    plugins: [react(), devOnlyInlineScripts()],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
  },
});
