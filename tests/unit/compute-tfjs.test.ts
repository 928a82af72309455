import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tf, unpackedAsarPath, wasmBinaryDirectory } from '../../src/core/compute/tfjs.js';

afterAll(async () => {
  await tf.setBackend('wasm');
});

/** A policy-sized layer on real shapes (batch x 53 observation values -> 64 units), constructed inputs. */
function denseTanh(x: Float32Array, w: Float32Array, rows: number): Float32Array {
  // Read outside tidy: tidy walks whatever its callback returns, element by element for a typed array.
  const y = tf.tidy(() => tf.tanh(tf.matMul(tf.tensor2d(x, [rows, 53]), tf.tensor2d(w, [53, 64]))));
  const values = y.dataSync() as Float32Array;
  y.dispose();
  return values;
}

describe('tfjs module', () => {
  it('points the wasm backend at a folder that holds its binaries', () => {
    const dir = wasmBinaryDirectory();
    expect(dir.endsWith(path.sep)).toBe(true);
    for (const file of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm']) {
      expect(fs.existsSync(dir + file), dir + file).toBe(true);
    }
  });

  it('maps paths inside app.asar to app.asar.unpacked (packaged Electron)', () => {
    expect(unpackedAsarPath('/opt/Tradelab/resources/app.asar/node_modules/x/dist')).toBe(
      '/opt/Tradelab/resources/app.asar.unpacked/node_modules/x/dist',
    );
    expect(unpackedAsarPath('C:\\Tradelab\\resources\\app.asar\\node_modules\\x')).toBe(
      'C:\\Tradelab\\resources\\app.asar.unpacked\\node_modules\\x',
    );
    expect(unpackedAsarPath('/work/main/node_modules/x')).toBe('/work/main/node_modules/x');
  });

  it('matMul + tanh agree on wasm and cpu within 1e-6', async () => {
    const rows = 256;
    // Deterministic spread of values in [-1, 1] (an LCG), not market data: this checks arithmetic only.
    let state = 12345;
    const next = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 30 - 1) * 0.5;
    const x = Float32Array.from({ length: rows * 53 }, next);
    const w = Float32Array.from({ length: 53 * 64 }, next);

    await tf.setBackend('wasm');
    expect(tf.getBackend()).toBe('wasm');
    const onWasm = denseTanh(x, w, rows);
    await tf.setBackend('cpu');
    expect(tf.getBackend()).toBe('cpu');
    const onCpu = denseTanh(x, w, rows);

    expect(onWasm.length).toBe(rows * 64);
    let maxDiff = 0;
    let saturated = 0;
    for (let i = 0; i < onWasm.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(onWasm[i] - onCpu[i]));
      if (Math.abs(onCpu[i]) > 0.999) saturated++;
    }
    expect(maxDiff).toBeLessThanOrEqual(1e-6);
    // The inputs must exercise tanh's curved range, or agreement would prove little.
    expect(saturated).toBeLessThan(onCpu.length / 2);
  });
});
