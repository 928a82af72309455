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

  // The browser cannot tell "server down" from "token refused" (both are a failed upgrade), and the
  // server's token changes at every launch, so after a few failures say what usually fixes it.
  const hint =
    state.status === 'reconnecting' && state.attempt >= 3
      ? 'If the server was restarted, open the new Dashboard URL it printed: the token changes at every launch.'
      : null;
  const title = [state.detail, hint].filter(Boolean).join('\n') || undefined;

  return (
    <span
      className={`connection connection--${state.status}`}
      data-testid="connection-state"
      data-status={state.status}
      data-transport={state.transport}
      title={title}
    >
      <span className="connection__dot" aria-hidden="true" />
      {text}
      {hint && <span className="connection__hint">{hint}</span>}
    </span>
  );
}
