import {
  TrainingPhase,
  type PhaseSpan,
  type TrainingRun,
  type TrainingRunStatus,
} from '../../shared/contract/index.js';

export const phaseLabels: Record<TrainingPhase, string> = {
  prepare: 'Prepare data',
  bc: 'Behaviour cloning',
  ppo: 'PPO',
  finetune: 'Stock finetune',
  evaluate: 'Evaluate',
  register: 'Register model',
};

/** The pipeline's phases in order. */
export const PHASES: readonly TrainingPhase[] = TrainingPhase.options;

/**
 * done: ended; active: running now; stopped: began but the run ended before it did (cancel,
 * failure, crash); skipped: a later phase began without it (e.g. no stocks to finetune on, or a
 * schedule of zero steps); pending: not reached yet.
 */
export type PhaseState = 'done' | 'active' | 'stopped' | 'skipped' | 'pending';

export interface PhaseStep {
  phase: TrainingPhase;
  label: string;
  state: PhaseState;
  /** Seconds spent in it over all its spans (until now while active); null when it never began. */
  seconds: number | null;
}

const ACTIVE: readonly TrainingRunStatus[] = ['queued', 'running'];

/** The first start and last end of a phase over its spans (a resumed run may enter a phase twice). */
function mergedSpan(spans: readonly PhaseSpan[], phase: TrainingPhase): PhaseSpan | null {
  const mine = spans.filter((s) => s.phase === phase);
  if (mine.length === 0) return null;
  const open = mine.some((s) => s.endedAt == null);
  return {
    phase,
    startedAt: Math.min(...mine.map((s) => s.startedAt)),
    endedAt: open ? null : Math.max(...mine.map((s) => s.endedAt ?? 0)),
  };
}

/**
 * The phase timeline of a run. `livePhase` is the phase its job reported last (job.progress
 * events arrive before the run's own record is read again), so the timeline moves on at once.
 */
export function phaseTimeline(
  run: Pick<TrainingRun, 'status' | 'phase' | 'phases' | 'endedAt'>,
  livePhase: string | null,
  now: number,
): PhaseStep[] {
  const running = ACTIVE.includes(run.status);
  const spans = PHASES.map((phase) => mergedSpan(run.phases, phase));
  const live = running && livePhase && (PHASES as readonly string[]).includes(livePhase) ? livePhase : null;
  const current = PHASES.indexOf((live ?? (running ? run.phase : null)) as TrainingPhase);
  const lastBegun = spans.reduce((last, span, i) => (span ? i : last), -1);

  return PHASES.map((phase, i) => {
    const span = spans[i];
    let state: PhaseState;
    if (running && i === current) state = 'active';
    else if (span?.endedAt != null || (span && run.status === 'done')) state = 'done';
    else if (span && running && current > i)
      state = 'done'; // its end is not read back yet
    else if (span) state = running ? 'active' : 'stopped';
    else if (i < Math.max(lastBegun, current) || run.status === 'done') state = 'skipped';
    else state = 'pending';
    // Time in the phase over all its spans (not the pause between a cancel and a resume); an
    // open span ends now while active, else when the run ended.
    const openEnd = state === 'active' ? now : (run.endedAt ?? now);
    const seconds = span
      ? run.phases
          .filter((p) => p.phase === phase)
          .reduce((sum, p) => sum + Math.max(0, (p.endedAt ?? openEnd) - p.startedAt) / 1000, 0)
      : null;
    return { phase, label: phaseLabels[phase], state, seconds };
  });
}
