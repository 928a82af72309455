import type { BackendChoice } from '../../../shared/contract/index.js';
import { backendLabel, backendView } from '../../lib/training-format.js';

/**
 * The compute backend a run uses and why the faster ones were skipped (test id training-backend,
 * data-value = the backend's name). Before the run records its choice, the backend its job
 * reported (`reported`) is shown alone.
 */
export function BackendLine({ choice, reported }: { choice: BackendChoice | null; reported: string | null }) {
  if (!choice) {
    return (
      <p className="backend-line" data-testid="training-backend" data-value={reported ?? ''}>
        <span className="muted">Backend: </span>
        {reported ? (
          <span className="strong">{backendLabel(reported)}</span>
        ) : (
          <span className="muted">not chosen yet</span>
        )}
      </p>
    );
  }
  const view = backendView(choice);
  return (
    <div className="backend-line" data-testid="training-backend" data-value={view.name}>
      <span className="muted">Backend: </span>
      <span className="strong">{view.label}</span> <span className="muted">({view.how})</span>
      {view.skipped.length > 0 && (
        <ul className="backend-line__skipped" data-testid="training-backend-skipped">
          {view.skipped.map((s) => (
            <li key={s.name} data-name={s.name}>
              <span className="mono">{s.name}</span> skipped: {s.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
