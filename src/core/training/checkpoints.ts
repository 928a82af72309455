import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { TrainingPhase } from '../../shared/contract/index.js';

/** One named float32 tensor (weights, Adam moments), row-major. */
export interface CheckpointTensor {
  shape: number[];
  data: Float32Array;
}

/** The scalar part of a checkpoint: where the run stands and every generator's state. */
export const CheckpointState = z.object({
  /** The phase the run continues in. */
  phase: TrainingPhase,
  /** Iterations of that phase completed. */
  iteration: z.number().int().nonnegative(),
  /** Environment steps of that phase completed. */
  envSteps: z.number().nonnegative(),
  /** Named generator states (mulberry32: one 32-bit integer each). */
  rng: z.record(z.string(), z.number()),
  /** Trainer scalars (optimizer step, updates, its rng) and anything else a phase keeps. */
  scalars: z.record(z.string(), z.unknown()),
  savedAt: z.number(),
});
export type CheckpointState = z.infer<typeof CheckpointState>;

export interface Checkpoint {
  state: CheckpointState;
  tensors: Record<string, CheckpointTensor>;
}

const TensorEntry = z.object({
  name: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  /** Float offset into tensors.bin. */
  offset: z.number().int().nonnegative(),
  length: z.number().int().nonnegative(),
});

const StateFile = CheckpointState.extend({
  format: z.literal(1),
  tensors: z.array(TensorEntry),
  /** sha256 of tensors.bin, so a torn or edited file is refused rather than loaded. */
  tensorsSha256: z.string(),
});

const STATE_FILE = 'state.json';
const TENSORS_FILE = 'tensors.bin';

export function runDir(dataDir: string, runId: number): string {
  return path.join(dataDir, 'runs', String(runId));
}

/** `runs/<runId>/checkpoint/`: state.json and tensors.bin of the newest checkpoint. */
export function checkpointDir(dataDir: string, runId: number): string {
  return path.join(runDir(dataDir, runId), 'checkpoint');
}

/**
 * Writes a checkpoint atomically: the files go to a fresh temp dir (fsynced), the current
 * checkpoint is renamed aside, the temp dir renamed into place, the old one removed. A crash at
 * any point leaves either the previous checkpoint or the new one readable (`readCheckpoint`
 * falls back to the one renamed aside).
 */
export function writeCheckpoint(dataDir: string, runId: number, checkpoint: Checkpoint): void {
  const dir = runDir(dataDir, runId);
  fs.mkdirSync(dir, { recursive: true });
  removeLeftovers(dir);
  const tmp = fs.mkdtempSync(path.join(dir, 'checkpoint.tmp-'));

  const entries: z.infer<typeof TensorEntry>[] = [];
  let offset = 0;
  for (const [name, tensor] of Object.entries(checkpoint.tensors)) {
    const expected = tensor.shape.reduce((a, b) => a * b, 1);
    if (expected !== tensor.data.length) {
      throw new Error(
        `checkpoint tensor "${name}" has ${tensor.data.length} values for shape [${tensor.shape.join(', ')}]`,
      );
    }
    entries.push({ name, shape: tensor.shape, offset, length: tensor.data.length });
    offset += tensor.data.length;
  }
  const all = new Float32Array(offset);
  for (const entry of entries) all.set(checkpoint.tensors[entry.name].data, entry.offset);
  const bytes = Buffer.from(all.buffer, all.byteOffset, all.byteLength);

  const state = CheckpointState.parse(checkpoint.state);
  const stateFile = {
    ...state,
    format: 1 as const,
    tensors: entries,
    tensorsSha256: createHash('sha256').update(bytes).digest('hex'),
  };
  writeDurably(path.join(tmp, TENSORS_FILE), bytes);
  writeDurably(path.join(tmp, STATE_FILE), Buffer.from(JSON.stringify(stateFile)));

  const current = path.join(dir, 'checkpoint');
  const old = path.join(dir, 'checkpoint.old');
  if (fs.existsSync(current)) {
    // An old one beside a current one is the leftover of a crash after the swap: the current wins.
    fs.rmSync(old, { recursive: true, force: true });
    fs.renameSync(current, old);
  }
  fs.renameSync(tmp, current);
  syncDir(dir);
  fs.rmSync(old, { recursive: true, force: true });
}

/** The newest complete checkpoint of a run, or null when it has none. Throws on a corrupt one. */
export function readCheckpoint(dataDir: string, runId: number): Checkpoint | null {
  const dir = runDir(dataDir, runId);
  for (const name of ['checkpoint', 'checkpoint.old']) {
    const at = path.join(dir, name);
    if (fs.existsSync(path.join(at, STATE_FILE))) return readFrom(at);
  }
  return null;
}

/** Deletes a run's checkpoint files (after the run finished, or when it starts over). */
export function removeCheckpoint(dataDir: string, runId: number): void {
  const dir = runDir(dataDir, runId);
  for (const name of ['checkpoint', 'checkpoint.old']) {
    fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  }
  removeLeftovers(dir);
}

function readFrom(at: string): Checkpoint {
  const statePath = path.join(at, STATE_FILE);
  const parsed = StateFile.safeParse(JSON.parse(fs.readFileSync(statePath, 'utf8')));
  if (!parsed.success) {
    throw new Error(
      `Checkpoint ${statePath} is not readable (${parsed.error.issues[0]?.message}); delete the folder to start the run over.`,
    );
  }
  const bytes = fs.readFileSync(path.join(at, TENSORS_FILE));
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (sha !== parsed.data.tensorsSha256) {
    throw new Error(
      `Checkpoint ${at} is damaged (tensors.bin does not match its checksum); delete the folder to start the run over.`,
    );
  }
  // Copy into an aligned buffer: a Buffer from readFileSync may sit at any byte offset of a pool.
  const all = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(all.buffer).set(bytes);
  const tensors: Record<string, CheckpointTensor> = {};
  for (const entry of parsed.data.tensors) {
    tensors[entry.name] = {
      shape: entry.shape,
      data: all.slice(entry.offset, entry.offset + entry.length),
    };
  }
  const { format: _format, tensors: _entries, tensorsSha256: _sha, ...state } = parsed.data;
  return { state, tensors };
}

function writeDurably(file: string, bytes: Buffer): void {
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Makes the renames durable where the platform allows fsync on a directory (not Windows). */
function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Directory fsync is unsupported on some platforms; the renames still happened.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Temp dirs of writes a crash interrupted. */
function removeLeftovers(dir: string): void {
  if (!fs.existsSync(dir)) return;
  for (const name of fs.readdirSync(dir)) {
    if (name.startsWith('checkpoint.tmp-')) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  }
}
