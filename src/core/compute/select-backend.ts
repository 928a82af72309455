/**
 * Picks the tfjs backend a training host runs on: tfjs-node-gpu (CUDA, only when a GPU answers) →
 * tfjs-node → wasm → cpu, or exactly the one Settings forces. Every attempt is recorded with a reason a
 * person understands, because the choice is shown in the status bar and stored with each run.
 */
import { createRequire } from 'node:module';
import {
  BackendChoice,
  ComputeBackendName,
  type BackendAttempt,
  type ComputeBackendSetting,
} from '../../shared/contract/training.js';
import { JobFailure } from '../jobs/job-context.js';
import { silentLogger, type Logger } from '../platform/logger.js';
import { tf } from './tfjs.js';

export interface SelectBackendDeps {
  /** Loads an optional package; tests inject fakes. Default: resolve it, then `import()`. */
  importModule?: (specifier: string) => Promise<unknown>;
  logger?: Logger;
}

type NodeVariant = 'tfjs-node-gpu' | 'tfjs-node';

const NODE_PACKAGE: Record<NodeVariant, string> = {
  'tfjs-node-gpu': '@tensorflow/tfjs-node-gpu',
  'tfjs-node': '@tensorflow/tfjs-node',
};

/** Both tfjs-node variants register their native TensorFlow under this one tfjs backend name. */
const TENSORFLOW = 'tensorflow';

/** The tfjs backend name each choice runs on. */
export function tfjsBackendName(name: ComputeBackendName): string {
  return name === 'tfjs-node-gpu' || name === 'tfjs-node' ? TENSORFLOW : name;
}

/** What tfjs-node's NodeJSKernelBackend exposes about its build and device. */
interface TensorflowBackendInfo {
  isGPUPackage?: boolean;
  isUsingGpuDevice?: boolean;
}

type Outcome = { ok: true; reason: string } | { ok: false; reason: string };

/**
 * Chooses and activates the backend (`tf.setBackend` + `tf.ready()`; `tf.getBackend()` afterwards names it).
 * 'auto' never throws unless even the pure-JS cpu backend fails; a forced backend that cannot be used
 * throws a JobFailure saying which, why and what to do.
 */
export async function selectBackend(
  setting: ComputeBackendSetting,
  deps: SelectBackendDeps = {},
): Promise<BackendChoice> {
  const importModule = deps.importModule ?? importInstalled;
  const logger = deps.logger ?? silentLogger;
  const forced = setting !== 'auto';
  const candidates: ComputeBackendName[] = forced ? [setting] : [...ComputeBackendName.options];
  const attempts: BackendAttempt[] = [];

  for (const name of candidates) {
    const outcome = await tryBackend(name, importModule);
    attempts.push({ name, ok: outcome.ok, reason: outcome.reason });
    if (outcome.ok) {
      const choice = BackendChoice.parse({ name, forced, attempts });
      logger.info('compute backend selected', { backend: backendLabel(choice), setting });
      return choice;
    }
    logger.info('compute backend skipped', { backend: name, reason: outcome.reason });
  }

  if (forced) throw new JobFailure(forcedFailureMessage(setting, attempts[0].reason));
  throw new JobFailure(
    `No compute backend could be loaded (${attempts.map((a) => `${a.name}: ${a.reason}`).join('; ')}). ` +
      'Reinstall the dependencies (npm ci) or report this with the log.',
  );
}

/** Switches the process to `name` (the bench compares backends in one process). Throws like a forced setting. */
export function useBackend(name: ComputeBackendName, deps: SelectBackendDeps = {}): Promise<BackendChoice> {
  return selectBackend(name, deps);
}

/** Short text for the status bar and CLI, e.g. "wasm (tfjs-node-gpu: not installed; tfjs-node: not installed)". */
export function backendLabel(choice: BackendChoice): string {
  const skipped = choice.attempts.filter((a) => !a.ok).map((a) => `${a.name}: ${shortReason(a.reason)}`);
  const notes = [...(choice.forced ? ['forced'] : []), ...skipped];
  return notes.length === 0 ? choice.name : `${choice.name} (${notes.join('; ')})`;
}

function shortReason(reason: string): string {
  // Drop the parenthesised detail ("not installed (optional dependency …)") and keep long errors short.
  const short = reason.replace(/\s*\(.*\)\s*$/, '');
  return short.length > 60 ? `${short.slice(0, 57)}...` : short;
}

async function tryBackend(
  name: ComputeBackendName,
  importModule: (specifier: string) => Promise<unknown>,
): Promise<Outcome> {
  try {
    if (name === 'tfjs-node-gpu' || name === 'tfjs-node') return await tryNodeVariant(name, importModule);
    return await activate(name);
  } catch (err) {
    return { ok: false, reason: `failed to load: ${firstLine(err)}` };
  }
}

async function tryNodeVariant(
  variant: NodeVariant,
  importModule: (specifier: string) => Promise<unknown>,
): Promise<Outcome> {
  const specifier = NODE_PACKAGE[variant];
  const loaded = loadedNodeVariant();
  let reused = false;
  if (loaded === null) {
    try {
      await importModule(specifier);
    } catch (err) {
      if (isMissingPackage(err, specifier)) {
        return { ok: false, reason: `not installed (optional dependency ${specifier})` };
      }
      return { ok: false, reason: `failed to load: ${firstLine(err)}` };
    }
    if (loadedNodeVariant() === null) {
      return { ok: false, reason: `failed to load: ${specifier} registered no '${TENSORFLOW}' backend` };
    }
  } else if (loaded !== variant) {
    // Both packages register 'tensorflow' and each links its own libtensorflow: only one can live in a process.
    if (variant === 'tfjs-node-gpu') {
      return {
        ok: false,
        reason: `not loadable: ${NODE_PACKAGE[loaded]} is already loaded in this process (only one tfjs-node variant can be; restart to use the GPU build)`,
      };
    }
    // The GPU build's TensorFlow runs CPU kernels just like tfjs-node's, so it serves as tfjs-node here.
    reused = true;
  }

  const activated = await activate(variant);
  if (!activated.ok) return activated;
  if (variant === 'tfjs-node-gpu' && !(tf.backend() as TensorflowBackendInfo).isUsingGpuDevice) {
    return { ok: false, reason: 'installed but no CUDA GPU answered' };
  }
  return reused
    ? {
        ok: true,
        reason: `selected (CPU TensorFlow of the already loaded ${NODE_PACKAGE['tfjs-node-gpu']}; only one tfjs-node variant can load per process)`,
      }
    : activated;
}

/**
 * Resolves before importing: a missing optional package then fails with Node's own "Cannot find module
 * '<specifier>'" in every loader (plain Node, a bundled Electron host, vitest's module runner), which
 * isMissingPackage recognises.
 */
async function importInstalled(specifier: string): Promise<unknown> {
  createRequire(import.meta.url).resolve(specifier);
  return import(specifier);
}

/** Which tfjs-node variant registered 'tensorflow' in this process, if any. */
function loadedNodeVariant(): NodeVariant | null {
  if (tf.findBackendFactory(TENSORFLOW) == null) return null;
  // findBackend initialises the (synchronous) native backend on first use.
  const backend = tf.findBackend(TENSORFLOW) as TensorflowBackendInfo | null;
  return backend?.isGPUPackage ? 'tfjs-node-gpu' : 'tfjs-node';
}

/** setBackend + ready. tfjs reports an init failure only as `false` plus a console warning: keep its text. */
async function activate(name: ComputeBackendName): Promise<Outcome> {
  const backend = tfjsBackendName(name);
  const warnings: string[] = [];
  const originalWarn = console.warn;
  console.warn = (...args: unknown[]) => {
    warnings.push(args.map(String).join(' '));
  };
  let ok: boolean;
  try {
    ok = await tf.setBackend(backend);
    if (ok) await tf.ready();
  } finally {
    console.warn = originalWarn;
  }
  if (!ok) {
    // Warnings are "Initialization of backend X failed" followed by the error's stack.
    const cause = warnings.slice(1).join('\n') || warnings.join('\n') || 'initialisation returned false';
    return { ok: false, reason: `failed to load: ${firstLine(cause)}` };
  }
  if (tf.getBackend() !== backend) {
    return {
      ok: false,
      reason: `failed to load: tfjs reports backend '${tf.getBackend()}' after selecting it`,
    };
  }
  return { ok: true, reason: 'selected' };
}

/** True when the import failed because the package itself is absent (not one of its own dependencies). */
function isMissingPackage(err: unknown, specifier: string): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  // Node: "Cannot find package '<specifier>' imported from …" (ESM) / "Cannot find module '<specifier>'" (CJS).
  return new RegExp(
    `Cannot find (package|module) '${specifier.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}'`,
  ).test(String((err as Error).message));
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n').find((line) => line.trim() !== '') ?? 'unknown error';
}

function forcedFailureMessage(name: ComputeBackendName, reason: string): string {
  const install =
    name === 'tfjs-node-gpu'
      ? `install ${NODE_PACKAGE[name]} (npm install ${NODE_PACKAGE[name]}) with a CUDA driver and GPU it supports`
      : name === 'tfjs-node'
        ? `install ${NODE_PACKAGE[name]} (npm install ${NODE_PACKAGE[name]})`
        : 'reinstall the dependencies (npm ci)';
  return (
    `Compute backend "${name}" is forced but cannot be used: ${reason}. ` +
    `Set the compute backend to "auto" in Settings (or TRADELAB_COMPUTE_BACKEND=auto), or ${install}.`
  );
}
