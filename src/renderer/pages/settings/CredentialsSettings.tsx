import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import {
  SecretName,
  type CredentialStatus,
  type CredentialsPatch,
  type CredentialsStatus,
} from '../../../shared/contract/index.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { NotLoaded, SaveButtons, SavedNote } from '../../components/SettingsSave.js';
import { useCredentialsStatus } from '../../hooks/use-credentials.js';
import { useSaveCall, useSavedAt } from '../../hooks/use-save-call.js';
import {
  buildCredentialsPatch,
  describeSecretSource,
  secretLabels,
  type SecretDrafts,
} from '../../lib/credentials.js';
import { useLab } from '../../transport/lab-context.js';

/**
 * The data sources' secrets (Polygon / Massive S3 keys, the CoinGecko key). Values only ever go in:
 * the lab answers with whether each is set and where from, never a value. On the desktop (OS
 * keychain) they can be entered here, write-only; elsewhere (`tradelab serve`, the CLI) each row
 * says which environment variable sets it.
 */
export function CredentialsSettings() {
  const { api } = useLab();
  const credentials = useCredentialsStatus();
  const { savedAt, noteSaved } = useSavedAt();

  const store = async (patch: CredentialsPatch) => {
    const next = await api.setCredentials(patch);
    credentials.set(next);
    noteSaved();
  };

  const status = credentials.data;
  if (!status) return <NotLoaded error={credentials.error} failure="Could not read the credentials status" />;
  return (
    <div
      className="credentials"
      data-testid="credentials"
      data-can-store={status.canStore ? 'true' : 'false'}
    >
      {status.canStore ? <StoreForm status={status} store={store} /> : <EnvOnly status={status} />}
      <SavedNote savedAt={savedAt} testId="credentials-saved">
        , encrypted with the OS keychain. Jobs started from now on use them.
      </SavedNote>
    </div>
  );
}

function SecretStatus({ item }: { item: CredentialStatus }) {
  return (
    <span
      className={`source-badge source-badge--${item.source === 'none' ? 'default' : item.source}`}
      data-testid={`credential-${item.name}-status`}
      data-value={item.source}
    >
      {describeSecretSource(item)}
    </span>
  );
}

/** Where nothing can encrypt secrets: each one's status and the variable that sets it. */
function EnvOnly({ status }: { status: CredentialsStatus }) {
  const missing = status.items.filter((i) => !i.configured).map((i) => i.envName);
  return (
    <>
      <p className="muted" data-testid="credentials-env-hint">
        This lab runs without an OS keychain (the headless server or the CLI), so secrets are never stored
        here: set them in the environment of <code className="mono">tradelab serve</code> (or the CLI) and
        restart it.
        {missing.length > 0 && (
          <>
            {' '}
            Not set now: <code className="mono">{missing.join(', ')}</code>.
          </>
        )}
      </p>
      {status.items.map((item) => (
        <CredentialRow
          key={item.name}
          item={item}
          label={<span className="setting-row__label">{secretLabels[item.name].label}</span>}
        >
          <code className="mono">{item.envName}</code>
        </CredentialRow>
      ))}
    </>
  );
}

/**
 * Write-only inputs on the desktop. They are uncontrolled on purpose: React mirrors a controlled
 * input's value into the HTML attribute, and a secret must not sit in the page's markup. The form
 * is read once on Save and reset right after.
 */
function StoreForm({
  status,
  store,
}: {
  status: CredentialsStatus;
  store: (patch: CredentialsPatch) => Promise<void>;
}) {
  const form = useRef<HTMLFormElement>(null);
  const [typed, setTyped] = useState(false);
  const saving = useSaveCall('the credentials');
  const busy = saving.busy;

  const send = (patch: CredentialsPatch) =>
    saving.run(() =>
      store(patch).then(() => {
        form.current?.reset();
        setTyped(false);
      }),
    );

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const drafts: SecretDrafts = {};
    for (const name of SecretName.options) {
      const value = data.get(name);
      if (typeof value === 'string') drafts[name] = value;
    }
    const patch = buildCredentialsPatch(drafts);
    if (Object.keys(patch).length > 0) send(patch);
  };

  return (
    <form ref={form} className="settings-form" onSubmit={submit} noValidate onInput={() => setTyped(true)}>
      {status.items.map((item) => {
        const fromEnv = item.source === 'env';
        return (
          <CredentialRow
            key={item.name}
            item={item}
            label={
              <label className="setting-row__label" htmlFor={`credential-${item.name}`}>
                {secretLabels[item.name].label}
              </label>
            }
            note={
              fromEnv ? (
                <>
                  Set by <code className="mono">{item.envName}</code> for this launch, which wins over a
                  stored value; unset the variable to store one here.
                </>
              ) : (
                <>
                  Or set <code className="mono">{item.envName}</code>.
                </>
              )
            }
          >
            <span className="credential-input">
              <input
                id={`credential-${item.name}`}
                name={item.name}
                type="password"
                className="input mono setting-row__url"
                autoComplete="new-password"
                spellCheck={false}
                disabled={fromEnv || busy}
                placeholder={
                  fromEnv ? 'set by the environment' : item.configured ? 'stored: type to replace' : 'not set'
                }
                data-testid={`credential-${item.name}-input`}
              />
              {item.source === 'stored' && (
                <button
                  type="button"
                  className="button button--small"
                  disabled={busy}
                  onClick={() => send({ [item.name]: null })}
                  data-testid={`credential-${item.name}-remove`}
                >
                  Remove
                </button>
              )}
            </span>
          </CredentialRow>
        );
      })}
      {saving.error && <ErrorNote message={saving.error} testId="credentials-save-error" />}
      <SaveButtons
        label="Save credentials"
        busy={busy}
        disabled={!typed || busy}
        testId="credentials-save"
        hint="Stored encrypted with the OS keychain; never shown again. Empty fields keep their value."
      />
    </form>
  );
}

/**
 * One secret's row (`credential-<name>`): its label, the value part (`children`) with the status
 * badge after it, and its help, followed by `note` when there is one.
 */
function CredentialRow({
  item,
  label,
  note,
  children,
}: {
  item: CredentialStatus;
  label: ReactNode;
  note?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div
      className="setting-row"
      data-testid={`credential-${item.name}`}
      data-source={item.source}
      data-configured={item.configured ? 'true' : 'false'}
    >
      {label}
      <div className="setting-row__value">
        {children}
        <SecretStatus item={item} />
      </div>
      <p className="setting-row__help muted">
        {secretLabels[item.name].help}
        {note && <> {note}</>}
      </p>
    </div>
  );
}
