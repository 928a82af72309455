import type { CredentialsStatus, SecretName } from '../../../shared/contract/index.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { describeSecretSource, secretGroupState, secretLabels } from '../../lib/credentials.js';

/**
 * Whether a source's secrets are set, and where from, or how to set them: shown at the top of a
 * source panel (`${testId}`, data-configured, data-source; one `${testId}-item` per secret with
 * data-name and data-source). Only the status ever reaches the dashboard, never a value.
 */
export function CredentialsNote({
  status,
  error,
  names,
  testId,
  optional = false,
}: {
  status: CredentialsStatus | null;
  error: string | null;
  names: readonly SecretName[];
  testId: string;
  /** The source works without them (CoinGecko's key only raises the rate limit). */
  optional?: boolean;
}) {
  if (!status) {
    return error ? (
      <ErrorNote message={`Could not read the credentials status: ${error}`} />
    ) : (
      <p className="muted">Checking credentials…</p>
    );
  }
  const group = secretGroupState(status, names);
  const tone = group.configured ? 'ok' : optional ? 'neutral' : 'missing';
  return (
    <div
      className={`credentials-note credentials-note--${tone}`}
      data-testid={testId}
      data-configured={group.configured ? 'true' : 'false'}
      data-source={group.source}
    >
      <ul className="credentials-note__items">
        {names.map((name) => {
          const item = status.items.find((i) => i.name === name);
          const source = item?.source ?? 'none';
          return (
            <li key={name} data-testid={`${testId}-item`} data-name={name} data-source={source}>
              <span className={`source-badge source-badge--${source === 'none' ? 'default' : source}`}>
                {describeSecretSource({ source })}
              </span>{' '}
              {secretLabels[name].label}
              {item && <code className="mono muted"> {item.envName}</code>}
            </li>
          );
        })}
      </ul>
      <p className="credentials-note__message">
        {group.configured || !optional
          ? group.message
          : `Optional: without it the public rate limit applies. ${status.canStore ? 'Enter it in Settings, or set' : 'Set'} ${group.missing.map((m) => m.envName).join(', ')} to use one.`}
      </p>
    </div>
  );
}
