import { describe, expect, it } from 'vitest';
import type { PhaseSpan, TrainingRun } from '../../src/shared/contract/index.js';
import { PHASES, phaseTimeline, type PhaseState } from '../../src/renderer/lib/training-phases.js';

const T0 = Date.UTC(2024, 0, 1);
const s = (seconds: number) => T0 + seconds * 1000;

type RunPart = Pick<TrainingRun, 'status' | 'phase' | 'phases' | 'endedAt'>;

const run = (
  status: RunPart['status'],
  phase: RunPart['phase'],
  phases: PhaseSpan[],
  endedAt: number | null = null,
) => ({
  status,
  phase,
  phases,
  endedAt,
});

const states = (steps: ReturnType<typeof phaseTimeline>): Record<string, PhaseState> =>
  Object.fromEntries(steps.map((step) => [step.phase, step.state]));

describe('phase timeline', () => {
  it('lists the six phases in pipeline order', () => {
    expect(PHASES).toEqual(['prepare', 'bc', 'ppo', 'finetune', 'evaluate', 'register']);
  });

  it('marks ended phases done and the running one active, with the time in it until now', () => {
    const steps = phaseTimeline(
      run('running', 'bc', [
        { phase: 'prepare', startedAt: s(0), endedAt: s(4) },
        { phase: 'bc', startedAt: s(4), endedAt: null },
      ]),
      null,
      s(10),
    );
    expect(states(steps)).toEqual({
      prepare: 'done',
      bc: 'active',
      ppo: 'pending',
      finetune: 'pending',
      evaluate: 'pending',
      register: 'pending',
    });
    expect(steps[0].seconds).toBe(4);
    expect(steps[1].seconds).toBe(6);
    expect(steps[2].seconds).toBeNull();
  });

  it('moves on with the phase the job reported before the run record is read again', () => {
    const steps = phaseTimeline(
      run('running', 'bc', [
        { phase: 'prepare', startedAt: s(0), endedAt: s(4) },
        { phase: 'bc', startedAt: s(4), endedAt: null },
      ]),
      'ppo',
      s(10),
    );
    expect(states(steps)).toMatchObject({ prepare: 'done', bc: 'done', ppo: 'active', finetune: 'pending' });
    // A phase name the page does not know is ignored rather than blanking the timeline.
    expect(states(phaseTimeline(run('running', 'bc', []), 'warmup', s(1))).bc).toBe('active');
  });

  it('marks a phase the pipeline passed over as skipped (no stocks to finetune on)', () => {
    const phases: PhaseSpan[] = [
      { phase: 'prepare', startedAt: s(0), endedAt: s(1) },
      { phase: 'bc', startedAt: s(1), endedAt: s(2) },
      { phase: 'ppo', startedAt: s(2), endedAt: s(3) },
      { phase: 'evaluate', startedAt: s(3), endedAt: s(4) },
      { phase: 'register', startedAt: s(4), endedAt: s(5) },
    ];
    const steps = phaseTimeline(run('done', 'register', phases, s(5)), null, s(60));
    expect(states(steps)).toEqual({
      prepare: 'done',
      bc: 'done',
      ppo: 'done',
      finetune: 'skipped',
      evaluate: 'done',
      register: 'done',
    });
    expect(steps.find((x) => x.phase === 'finetune')!.seconds).toBeNull();
  });

  it('shows where a cancelled or crashed run stopped, timed until it ended', () => {
    const steps = phaseTimeline(
      run(
        'cancelled',
        'ppo',
        [
          { phase: 'prepare', startedAt: s(0), endedAt: s(1) },
          { phase: 'bc', startedAt: s(1), endedAt: s(3) },
          { phase: 'ppo', startedAt: s(3), endedAt: null },
        ],
        s(9),
      ),
      'ppo',
      s(100),
    );
    expect(states(steps)).toMatchObject({ bc: 'done', ppo: 'stopped', finetune: 'pending' });
    expect(steps[2].seconds).toBe(6);
    expect(
      states(
        phaseTimeline(
          run('interrupted', 'bc', [{ phase: 'bc', startedAt: s(0), endedAt: null }]),
          null,
          s(5),
        ),
      ).bc,
    ).toBe('stopped');
  });

  it('joins the spans of a phase entered again after a resume', () => {
    const steps = phaseTimeline(
      run('running', 'ppo', [
        { phase: 'prepare', startedAt: s(0), endedAt: s(1) },
        { phase: 'ppo', startedAt: s(1), endedAt: s(5) },
        { phase: 'prepare', startedAt: s(50), endedAt: s(51) },
        { phase: 'ppo', startedAt: s(51), endedAt: null },
      ]),
      'ppo',
      s(61),
    );
    const ppo = steps.find((x) => x.phase === 'ppo')!;
    expect(ppo.state).toBe('active');
    expect(ppo.seconds).toBe(14); // 4 s before the cancel + 10 s since the resume, not the pause
    expect(states(steps).bc).toBe('skipped');
  });

  it('has every phase pending for a queued run', () => {
    expect(Object.values(states(phaseTimeline(run('queued', null, []), null, s(0))))).toEqual(
      Array(6).fill('pending'),
    );
  });
});
