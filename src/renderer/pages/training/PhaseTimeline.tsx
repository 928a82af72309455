import { formatEta } from '../../lib/format.js';
import type { PhaseStep } from '../../lib/training-phases.js';

const STATE_TEXT = {
  done: 'done',
  active: 'running',
  stopped: 'stopped',
  skipped: 'skipped',
  pending: '',
} as const;

/**
 * prepare → bc → ppo → finetune → evaluate → register, each with its state and time taken.
 * Test ids: training-phases (data-active = the running phase, or empty), training-phase per step
 * (data-phase, data-state).
 */
export function PhaseTimeline({ steps }: { steps: readonly PhaseStep[] }) {
  const active = steps.find((s) => s.state === 'active')?.phase ?? '';
  return (
    <ol className="phase-timeline" data-testid="training-phases" data-active={active}>
      {steps.map((step) => (
        <li
          key={step.phase}
          className={`phase-step phase-step--${step.state}`}
          data-testid="training-phase"
          data-phase={step.phase}
          data-state={step.state}
          aria-current={step.state === 'active' ? 'step' : undefined}
        >
          <span className="phase-step__dot" aria-hidden="true" />
          <span className="phase-step__label">{step.label}</span>
          <span className="phase-step__meta muted num">
            {STATE_TEXT[step.state]}
            {step.seconds != null && step.state !== 'skipped' ? ` · ${formatEta(step.seconds)}` : ''}
          </span>
        </li>
      ))}
    </ol>
  );
}
