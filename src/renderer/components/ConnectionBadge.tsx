import { useConnection } from '../transport/lab-context.js';
import { useNow } from '../hooks/use-now.js';

/** IPC / WebSocket connected / disconnected, retrying in Ns. */
export function ConnectionBadge() {
  const state = useConnection();
  const now = useNow(1000, state.status === 'reconnecting');

  let text: string;
  if (state.transport === 'ipc') text = 'IPC';
  else if (state.status === 'connected') text = 'WebSocket connected';
  else if (state.status === 'connecting') text = 'Connecting…';
  else if (state.status === 'closed') text = 'Disconnected';
  else {
    const seconds = state.retryAt == null ? 0 : Math.max(0, Math.ceil((state.retryAt - now) / 1000));
    text = `Disconnected, retrying${seconds > 0 ? ` in ${seconds}s` : '…'} (attempt ${state.attempt})`;
  }

  return (
    <span
      className={`connection connection--${state.status}`}
      data-testid="connection-state"
      data-status={state.status}
      data-transport={state.transport}
      title={state.detail ?? undefined}
    >
      <span className="connection__dot" aria-hidden="true" />
      {text}
    </span>
  );
}
