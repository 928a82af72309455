/**
 * The one module that loads TensorFlow.js. Everything else does `import { tf } from '../compute/tfjs.js'`,
 * so there is exactly one engine, one set of registered backends and one place that knows where the
 * wasm binaries live. Which backend is active is decided by select-backend.ts, never by import order.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
// Registers the 'wasm' backend (side effect) and gives us the path setter.
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export { tf };

/**
 * Inside a packaged Electron app node_modules sit in app.asar. Electron's fs can read from it, but the
 * binaries are unpacked next to it (electron-builder.yml asarUnpack) so that every process — including a
 * utility process or anything reading with plain file APIs — finds them as real files.
 */
export function unpackedAsarPath(p: string): string {
  return p.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

/** Folder holding tfjs-backend-wasm's .wasm files, with a trailing separator (setWasmPaths wants a prefix). */
export function wasmBinaryDirectory(): string {
  // Resolved from the package rather than taken from the backend's own __dirname: when the job host is
  // bundled (electron-vite), __dirname is the bundle's folder, which has no .wasm files.
  const packageJson = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json');
  return unpackedAsarPath(path.join(path.dirname(packageJson), 'dist')) + path.sep;
}

// Must run before the wasm backend first initialises (setBackend('wasm') / tf.ready()). If the package
// cannot be resolved from here, keep tfjs's default (beside its own script): selecting wasm then fails
// with its own reason and the cpu backend still works, instead of this import breaking every backend.
try {
  setWasmPaths(wasmBinaryDirectory());
} catch {
  // see above
}
