import { useState, type FormEvent } from 'react';
import type { ComputeBackendSetting, LabSettings } from '../../../shared/contract/index.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { Select } from '../../components/Select.js';
import { NotLoaded, SaveButtons, SavedNote } from '../../components/SettingsSave.js';
import { useSaveCall, useSavedAt } from '../../hooks/use-save-call.js';
import { useSettings } from '../../hooks/use-settings.js';
import {
  COMPUTE_BACKEND_ENV,
  computeBackendChoices,
  computeBackendPatch,
} from '../../lib/compute-backend.js';

const SOURCE_TEXT = { env: 'environment', stored: 'stored', default: 'default' } as const;

/**
 * Which tfjs backend training runs on: auto (GPU, then native CPU, then WebAssembly, then plain
 * JavaScript) or one forced, with where the value comes from. Test ids: settings-computeBackend
 * (select; disabled when the environment sets it), settings-computeBackend-source (data-value), settings-computeBackend-save,
 * settings-computeBackend-saved, settings-computeBackend-error.
 */
export function ComputeBackendSettings() {
  const { settings, error, save } = useSettings();
  const { savedAt, noteSaved } = useSavedAt();
  if (!settings) return <NotLoaded error={error} failure="Could not load the settings" />;
  return (
    <>
      <BackendForm
        key={`${settings.computeBackend.value}|${settings.computeBackend.source}`}
        setting={settings.computeBackend}
        save={async (value) => {
          await save({ computeBackend: value });
          noteSaved();
        }}
      />
      <SavedNote savedAt={savedAt} testId="settings-computeBackend-saved">
        . Training runs started from now on use it.
      </SavedNote>
    </>
  );
}

function BackendForm({
  setting,
  save,
}: {
  setting: LabSettings['computeBackend'];
  save: (value: ComputeBackendSetting | null) => Promise<void>;
}) {
  const [picked, setPicked] = useState<ComputeBackendSetting>(setting.value);
  const saving = useSaveCall('the compute backend');
  const fromEnv = setting.source === 'env';
  const patch = computeBackendPatch(setting.value, picked);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (patch === undefined) return;
    saving.run(() => save(patch));
  };

  return (
    <form className="settings-form" onSubmit={submit} noValidate data-testid="compute-backend-form">
      <div className="setting-row" data-setting="computeBackend">
        <span className="setting-row__label">Compute backend</span>
        <div className="setting-row__value">
          {fromEnv ? (
            <select className="input" disabled value={setting.value} data-testid="settings-computeBackend">
              {computeBackendChoices.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
          ) : (
            <Select
              testId="settings-computeBackend"
              value={picked}
              options={computeBackendChoices}
              onChange={setPicked}
            />
          )}
          <span
            className={`source-badge source-badge--${setting.source}`}
            data-testid="settings-computeBackend-source"
            data-value={setting.source}
          >
            {SOURCE_TEXT[setting.source]}
          </span>
        </div>
        <p className="setting-row__help muted">
          Auto uses the fastest that loads and says in each run which it took and why the others were skipped;
          a forced one fails the run if it cannot load.{' '}
          {fromEnv ? (
            <>
              Set by <code className="mono">{COMPUTE_BACKEND_ENV}</code> for this launch: read-only here;
              unset the variable to change it.
            </>
          ) : (
            <>
              <code className="mono">{COMPUTE_BACKEND_ENV}</code> overrides it for a server or CLI launch.
            </>
          )}
        </p>
      </div>
      {saving.error && <ErrorNote message={saving.error} testId="settings-computeBackend-error" />}
      {!fromEnv && (
        <SaveButtons
          label="Save"
          busy={saving.busy}
          disabled={patch === undefined || saving.busy}
          testId="settings-computeBackend-save"
          hint="Auto goes back to the default."
        />
      )}
    </form>
  );
}
