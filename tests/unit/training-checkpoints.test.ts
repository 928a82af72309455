import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  checkpointDir,
  readCheckpoint,
  removeCheckpoint,
  runDir,
  writeCheckpoint,
  type Checkpoint,
} from '../../src/core/training/checkpoints.js';
import { tempDir } from '../helpers/paths.js';

let dataDir: string;
beforeEach(() => {
  dataDir = tempDir('tradelab-ckpt-');
});
afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function checkpoint(iteration: number): Checkpoint {
  return {
    state: {
      phase: 'ppo',
      iteration,
      envSteps: iteration * 4096,
      rng: { env: 123 + iteration, trainer: 0xffffffff },
      scalars: { optimizerStep: iteration * 16, updates: iteration * 16, note: 'x' },
      savedAt: 1_700_000_000_000 + iteration,
    },
    tensors: {
      'encoder/0/kernel': { shape: [3, 2], data: Float32Array.from([1, -2, 3.5, 1e-7, -0, iteration]) },
      'encoder/0/bias': { shape: [2], data: Float32Array.from([Number.MAX_VALUE, -1.25]) },
      'm/value/bias': { shape: [1], data: Float32Array.from([0.1]) },
      empty: { shape: [0], data: new Float32Array(0) },
    },
  };
}

describe('checkpoints', () => {
  it('has none before the first write', () => {
    expect(readCheckpoint(dataDir, 1)).toBeNull();
  });

  it('round-trips state and tensors bit for bit under runs/<id>/checkpoint/', () => {
    const written = checkpoint(4);
    writeCheckpoint(dataDir, 1, written);
    expect(fs.readdirSync(checkpointDir(dataDir, 1)).sort()).toEqual(['state.json', 'tensors.bin']);
    expect(checkpointDir(dataDir, 1)).toBe(path.join(dataDir, 'runs', '1', 'checkpoint'));
    const read = readCheckpoint(dataDir, 1)!;
    expect(read.state).toEqual(written.state);
    expect(Object.keys(read.tensors)).toEqual(Object.keys(written.tensors));
    for (const [name, t] of Object.entries(written.tensors)) {
      expect(read.tensors[name].shape).toEqual(t.shape);
      expect(Array.from(read.tensors[name].data)).toEqual(Array.from(Float32Array.from(t.data)));
    }
    // Runs keep separate checkpoints.
    expect(readCheckpoint(dataDir, 2)).toBeNull();
  });

  it('a newer write replaces the older one and leaves no temp or old folder', () => {
    writeCheckpoint(dataDir, 1, checkpoint(4));
    writeCheckpoint(dataDir, 1, checkpoint(8));
    expect(readCheckpoint(dataDir, 1)!.state.iteration).toBe(8);
    expect(fs.readdirSync(runDir(dataDir, 1))).toEqual(['checkpoint']);
  });

  it('a crash while writing keeps the previous checkpoint', () => {
    writeCheckpoint(dataDir, 1, checkpoint(4));
    const real = fs.writeSync;
    let calls = 0;
    vi.spyOn(fs, 'writeSync').mockImplementation(((...args: Parameters<typeof fs.writeSync>) => {
      // The second file (state.json) of the new checkpoint never gets written.
      if (++calls === 2) throw new Error('disk full (simulated)');
      return (real as (...a: unknown[]) => number)(...args);
    }) as typeof fs.writeSync);
    expect(() => writeCheckpoint(dataDir, 1, checkpoint(8))).toThrow(/disk full/);
    vi.restoreAllMocks();
    expect(readCheckpoint(dataDir, 1)!.state.iteration).toBe(4);
    // The next write clears the torn temp folder.
    writeCheckpoint(dataDir, 1, checkpoint(12));
    expect(readCheckpoint(dataDir, 1)!.state.iteration).toBe(12);
    expect(fs.readdirSync(runDir(dataDir, 1))).toEqual(['checkpoint']);
  });

  it('a crash between the two renames leaves the previous checkpoint readable (renamed aside)', () => {
    writeCheckpoint(dataDir, 1, checkpoint(4));
    const dir = runDir(dataDir, 1);
    // What the writer leaves when it dies right after moving the current checkpoint aside.
    fs.renameSync(path.join(dir, 'checkpoint'), path.join(dir, 'checkpoint.old'));
    expect(readCheckpoint(dataDir, 1)!.state.iteration).toBe(4);
    writeCheckpoint(dataDir, 1, checkpoint(8));
    expect(readCheckpoint(dataDir, 1)!.state.iteration).toBe(8);
    expect(fs.readdirSync(dir)).toEqual(['checkpoint']);
  });

  it('after a crash following the swap, the new checkpoint wins over the one left aside', () => {
    writeCheckpoint(dataDir, 1, checkpoint(4));
    const dir = runDir(dataDir, 1);
    fs.cpSync(path.join(dir, 'checkpoint'), path.join(dir, 'checkpoint.old'), { recursive: true });
    writeCheckpoint(dataDir, 1, checkpoint(8));
    expect(readCheckpoint(dataDir, 1)!.state.iteration).toBe(8);
  });

  it('refuses a damaged tensors file instead of loading it', () => {
    writeCheckpoint(dataDir, 1, checkpoint(4));
    const file = path.join(checkpointDir(dataDir, 1), 'tensors.bin');
    const bytes = fs.readFileSync(file);
    bytes[0] ^= 0xff;
    fs.writeFileSync(file, bytes);
    expect(() => readCheckpoint(dataDir, 1)).toThrow(/damaged/);
  });

  it('refuses a tensor whose values do not fill its shape', () => {
    const bad = checkpoint(1);
    bad.tensors['encoder/0/bias'] = { shape: [3], data: new Float32Array(2) };
    expect(() => writeCheckpoint(dataDir, 1, bad)).toThrow(/"encoder\/0\/bias" has 2 values for shape \[3\]/);
    expect(readCheckpoint(dataDir, 1)).toBeNull();
  });

  it('removeCheckpoint deletes it', () => {
    writeCheckpoint(dataDir, 1, checkpoint(4));
    removeCheckpoint(dataDir, 1);
    expect(readCheckpoint(dataDir, 1)).toBeNull();
  });
});
