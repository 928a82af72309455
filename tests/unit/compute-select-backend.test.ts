import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { backendLabel, selectBackend, useBackend } from '../../src/core/compute/select-backend.js';
import { tf } from '../../src/core/compute/tfjs.js';
import { JobFailure } from '../../src/core/jobs/job-context.js';

const GPU = '@tensorflow/tfjs-node-gpu';
const NODE = '@tensorflow/tfjs-node';

/** The error Node's resolver throws for a package that is not installed. */
function notFound(specifier: string): Error {
  return Object.assign(
    new Error(`Cannot find module '${specifier}'\nRequire stack:\n- /x/select-backend.js`),
    {
      code: 'MODULE_NOT_FOUND',
    },
  );
}

/**
 * Stands in for loading a tfjs-node variant: like the real packages it registers a 'tensorflow' backend
 * that says which build it is and whether it found a GPU (no kernels: selection never runs any).
 */
function registerFakeTensorflow(isGPUPackage: boolean, isUsingGpuDevice: boolean): void {
  tf.registerBackend('tensorflow', () => ({ isGPUPackage, isUsingGpuDevice, dispose() {} }) as never);
}

/** importModule fake: packages in `loads` load (and register the fake backend), the rest are missing. */
function fakeImporter(loads: Partial<Record<string, () => void>>) {
  const calls: string[] = [];
  const importModule = async (specifier: string) => {
    calls.push(specifier);
    const load = loads[specifier];
    if (!load) throw notFound(specifier);
    load();
    return {};
  };
  return { importModule, calls };
}

function isInstalled(specifier: string): boolean {
  try {
    createRequire(import.meta.url).resolve(specifier);
    return true;
  } catch {
    return false;
  }
}

afterEach(async () => {
  if (tf.findBackendFactory('tensorflow') != null) tf.removeBackend('tensorflow');
  await tf.setBackend('wasm');
});

describe('selectBackend (auto)', () => {
  it('falls back to wasm when neither tfjs-node variant is installed, saying so for each', async () => {
    const { importModule, calls } = fakeImporter({});
    const choice = await selectBackend('auto', { importModule });
    expect(choice).toEqual({
      name: 'wasm',
      forced: false,
      attempts: [
        { name: 'tfjs-node-gpu', ok: false, reason: `not installed (optional dependency ${GPU})` },
        { name: 'tfjs-node', ok: false, reason: `not installed (optional dependency ${NODE})` },
        { name: 'wasm', ok: true, reason: 'selected' },
      ],
    });
    expect(calls).toEqual([GPU, NODE]);
    expect(tf.getBackend()).toBe('wasm');
    expect(backendLabel(choice)).toBe('wasm (tfjs-node-gpu: not installed; tfjs-node: not installed)');
  });

  it('takes tfjs-node-gpu only when its backend reports a GPU device', async () => {
    const { importModule } = fakeImporter({ [GPU]: () => registerFakeTensorflow(true, true) });
    const choice = await selectBackend('auto', { importModule });
    expect(choice.name).toBe('tfjs-node-gpu');
    expect(choice.attempts).toEqual([{ name: 'tfjs-node-gpu', ok: true, reason: 'selected' }]);
    expect(tf.getBackend()).toBe('tensorflow');
    expect(backendLabel(choice)).toBe('tfjs-node-gpu');
  });

  it('skips a GPU build with no GPU and reuses its CPU TensorFlow for tfjs-node without loading a second variant', async () => {
    const { importModule, calls } = fakeImporter({
      [GPU]: () => registerFakeTensorflow(true, false),
      [NODE]: () => {
        throw new Error('a second tfjs-node variant must not be loaded');
      },
    });
    const choice = await selectBackend('auto', { importModule });
    expect(choice.name).toBe('tfjs-node');
    expect(choice.attempts[0]).toEqual({
      name: 'tfjs-node-gpu',
      ok: false,
      reason: 'installed but no CUDA GPU answered',
    });
    expect(choice.attempts[1].ok).toBe(true);
    expect(choice.attempts[1].reason).toMatch(/already loaded @tensorflow\/tfjs-node-gpu/);
    expect(calls).toEqual([GPU]);
    expect(tf.getBackend()).toBe('tensorflow');
    expect(backendLabel(choice)).toBe('tfjs-node (tfjs-node-gpu: installed but no CUDA GPU answered)');
  });

  it('reports a load failure by its first line and moves on', async () => {
    const { importModule } = fakeImporter({
      [GPU]: () => {
        throw new Error('libcudart.so.11.0: cannot open shared object file\n    at Module._extensions..node');
      },
      [NODE]: () => registerFakeTensorflow(false, false),
    });
    const choice = await selectBackend('auto', { importModule });
    expect(choice.name).toBe('tfjs-node');
    expect(choice.attempts).toEqual([
      {
        name: 'tfjs-node-gpu',
        ok: false,
        reason: 'failed to load: libcudart.so.11.0: cannot open shared object file',
      },
      { name: 'tfjs-node', ok: true, reason: 'selected' },
    ]);
  });

  it('treats a missing dependency of an installed package as a load failure, not "not installed"', async () => {
    const importModule = async (specifier: string) => {
      if (specifier === GPU) throw notFound('@mapbox/node-pre-gyp');
      throw notFound(specifier);
    };
    const choice = await selectBackend('auto', { importModule });
    expect(choice.attempts[0].reason).toBe("failed to load: Cannot find module '@mapbox/node-pre-gyp'");
    expect(choice.attempts[1].reason).toBe(`not installed (optional dependency ${NODE})`);
    expect(choice.name).toBe('wasm');
  });

  it('fails a package that loads but registers no tensorflow backend', async () => {
    const { importModule } = fakeImporter({ [GPU]: () => {} });
    const choice = await selectBackend('auto', { importModule });
    expect(choice.attempts[0]).toEqual({
      name: 'tfjs-node-gpu',
      ok: false,
      reason: `failed to load: ${GPU} registered no 'tensorflow' backend`,
    });
  });

  it.skipIf(isInstalled(GPU) || isInstalled(NODE))(
    'on this machine (no tfjs-node installed) really picks wasm and tfjs runs on it',
    async () => {
      await tf.setBackend('cpu');
      const choice = await selectBackend('auto');
      expect(choice.name).toBe('wasm');
      expect(choice.attempts.map((a) => a.reason)).toEqual([
        `not installed (optional dependency ${GPU})`,
        `not installed (optional dependency ${NODE})`,
        'selected',
      ]);
      expect(tf.getBackend()).toBe('wasm');
      const sum = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).arraySync());
      expect(sum).toEqual([4, 6]);
    },
  );
});

describe('selectBackend (forced)', () => {
  it('throws which backend, why, and what to do when a forced package is not installed', async () => {
    const { importModule } = fakeImporter({});
    const attempt = selectBackend('tfjs-node', { importModule });
    await expect(attempt).rejects.toBeInstanceOf(JobFailure);
    await expect(attempt).rejects.toThrow(
      'Compute backend "tfjs-node" is forced but cannot be used: not installed (optional dependency @tensorflow/tfjs-node). ' +
        'Set the compute backend to "auto" in Settings (or TRADELAB_COMPUTE_BACKEND=auto), or install @tensorflow/tfjs-node (npm install @tensorflow/tfjs-node).',
    );
  });

  it('does not fall back when a forced GPU build finds no GPU', async () => {
    const { importModule } = fakeImporter({ [GPU]: () => registerFakeTensorflow(true, false) });
    await expect(selectBackend('tfjs-node-gpu', { importModule })).rejects.toThrow(
      /"tfjs-node-gpu" is forced but cannot be used: installed but no CUDA GPU answered\..*CUDA driver/,
    );
  });

  it('refuses the GPU build once tfjs-node holds the tensorflow backend in this process', async () => {
    const { importModule, calls } = fakeImporter({
      [NODE]: () => registerFakeTensorflow(false, false),
      [GPU]: () => registerFakeTensorflow(true, true),
    });
    expect((await selectBackend('tfjs-node', { importModule })).name).toBe('tfjs-node');
    await expect(selectBackend('tfjs-node-gpu', { importModule })).rejects.toThrow(
      /@tensorflow\/tfjs-node is already loaded in this process/,
    );
    expect(calls).toEqual([NODE]);
  });

  it('forces cpu and switches back to wasm within one process (useBackend)', async () => {
    const cpu = await selectBackend('cpu');
    expect(cpu).toEqual({
      name: 'cpu',
      forced: true,
      attempts: [{ name: 'cpu', ok: true, reason: 'selected' }],
    });
    expect(tf.getBackend()).toBe('cpu');
    expect(backendLabel(cpu)).toBe('cpu (forced)');
    expect((await useBackend('wasm')).name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });
});
