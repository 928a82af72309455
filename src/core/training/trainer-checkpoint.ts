import type { TrainingPhase } from '../../shared/contract/index.js';
import type { TrainerState } from '../learn/ppo-trainer.js';
import type { PolicyWeights } from '../learn/policy-spec.js';
import type { Checkpoint, CheckpointTensor } from './checkpoints.js';

/** Prefixes of the tensors a trainer state is stored under. */
const WEIGHTS = 'weights/';
const ADAM_M = 'adam-m/';
const ADAM_V = 'adam-v/';

/** Where a run stands at a checkpoint, besides the trainer. */
export interface RunPosition {
  phase: TrainingPhase;
  iteration: number;
  envSteps: number;
  /** Env generator state, the data hash and anything else the phase needs to continue. */
  envRngState: number;
  dataHash: string;
  savedAt: number;
}

export function toCheckpoint(position: RunPosition, trainer: TrainerState): Checkpoint {
  return {
    state: {
      phase: position.phase,
      iteration: position.iteration,
      envSteps: position.envSteps,
      rng: { env: position.envRngState, trainer: trainer.rngState },
      scalars: {
        optimizerStep: trainer.optimizer.step,
        updates: trainer.updates,
        // float64 numbers survive the JSON round trip exactly.
        returnCount: trainer.returnStats.count,
        returnMean: trainer.returnStats.mean,
        returnM2: trainer.returnStats.m2,
        dataHash: position.dataHash,
      },
      savedAt: position.savedAt,
    },
    tensors: {
      ...prefixed(WEIGHTS, trainer.weights),
      ...prefixed(ADAM_M, trainer.optimizer.m),
      ...prefixed(ADAM_V, trainer.optimizer.v),
    },
  };
}

export function fromCheckpoint(checkpoint: Checkpoint): { position: RunPosition; trainer: TrainerState } {
  const { state, tensors } = checkpoint;
  const number = (value: unknown, name: string): number => {
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw new Error(`checkpoint: "${name}" is missing or not a number`);
    return value;
  };
  return {
    position: {
      phase: state.phase,
      iteration: state.iteration,
      envSteps: state.envSteps,
      envRngState: number(state.rng.env, 'rng.env'),
      dataHash: String(state.scalars.dataHash ?? ''),
      savedAt: state.savedAt,
    },
    trainer: {
      weights: unprefixed(WEIGHTS, tensors),
      optimizer: {
        step: number(state.scalars.optimizerStep, 'optimizerStep'),
        m: unprefixed(ADAM_M, tensors),
        v: unprefixed(ADAM_V, tensors),
      },
      updates: number(state.scalars.updates, 'updates'),
      rngState: number(state.rng.trainer, 'rng.trainer'),
      returnStats: {
        count: number(state.scalars.returnCount, 'returnCount'),
        mean: number(state.scalars.returnMean, 'returnMean'),
        m2: number(state.scalars.returnM2, 'returnM2'),
      },
    },
  };
}

function prefixed(prefix: string, weights: PolicyWeights): Record<string, CheckpointTensor> {
  const out: Record<string, CheckpointTensor> = {};
  for (const [name, t] of Object.entries(weights)) out[prefix + name] = { shape: t.shape, data: t.data };
  return out;
}

function unprefixed(prefix: string, tensors: Record<string, CheckpointTensor>): PolicyWeights {
  const out: PolicyWeights = {};
  for (const [name, t] of Object.entries(tensors)) {
    if (name.startsWith(prefix)) out[name.slice(prefix.length)] = { shape: t.shape, data: t.data };
  }
  return out;
}
