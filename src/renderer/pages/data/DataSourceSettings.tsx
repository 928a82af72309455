import { useCallback, useState, type FormEvent } from 'react';
import type { LabSettings, SettingKey, SettingsPatch } from '../../../shared/contract/index.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { useSettings } from '../../hooks/use-settings.js';
import { errorText } from '../../lib/error-text.js';
import { formatUtc } from '../../lib/format.js';
import type { FieldErrors } from '../../lib/form-result.js';
import {
  buildSettingsPatch,
  draftFromSettings,
  followsOther,
  settingFields,
  settingMode,
  type SettingField,
  type SettingsDraft,
} from '../../lib/settings-form.js';
import { errorProps, FieldError } from './FieldError.js';

const SOURCE_TEXT = { env: 'environment', stored: 'stored', default: 'default' } as const;

/**
 * Where Binance data comes from (Data Vision, its listing, the REST APIs) and how many files are
 * downloaded at once, each with the source of its value. Shown on the Settings page; lives with the
 * data features it configures.
 */
export function DataSourceSettings() {
  const { settings, error, save } = useSettings();
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const saveAndNote = useCallback(
    async (patch: SettingsPatch) => {
      const next = await save(patch);
      setSavedAt(new Date().toISOString());
      return next;
    },
    [save],
  );
  if (!settings) {
    return error ? (
      <ErrorNote message={`Could not load the settings: ${error}`} />
    ) : (
      <p className="muted">Loading…</p>
    );
  }
  return (
    <>
      {/* A new form whenever the lab's values change (a save, a reconnect): its draft starts from them. */}
      <SettingsForm key={JSON.stringify(settings)} settings={settings} save={saveAndNote} />
      {savedAt && (
        <p className="muted" data-testid="settings-saved" role="status">
          Saved at {formatUtc(savedAt, { seconds: true })} UTC. Jobs started from now on use these values.
        </p>
      )}
    </>
  );
}

function SettingsForm({
  settings,
  save,
}: {
  settings: LabSettings;
  save: (patch: SettingsPatch) => Promise<LabSettings>;
}) {
  const [initial] = useState(() => draftFromSettings(settings));
  const [draft, setDraft] = useState<SettingsDraft>(initial);
  const [errors, setErrors] = useState<FieldErrors<SettingKey>>({});
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const changed = settingFields.some((f) => draft[f.key].trim() !== initial[f.key].trim());

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const built = buildSettingsPatch(initial, draft);
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    setErrors({});
    setSaveError(null);
    setSaving(true);
    // On success the parent remounts this form with the saved values (unless nothing changed).
    save(built.params)
      .catch((err: unknown) => setSaveError(`Could not save the settings: ${errorText(err)}`))
      .finally(() => setSaving(false));
  };

  return (
    <form className="settings-form" onSubmit={submit} noValidate data-testid="settings-form">
      {settingFields.map((field) => (
        <SettingRow
          key={field.key}
          field={field}
          settings={settings}
          text={draft[field.key]}
          error={errors[field.key]}
          onChange={(text) => {
            setDraft((d) => ({ ...d, [field.key]: text }));
            setErrors((e) => ({ ...e, [field.key]: undefined }));
          }}
        />
      ))}
      {errors.form && <ErrorNote message={errors.form} />}
      {saveError && <ErrorNote message={saveError} testId="settings-save-error" />}
      <div className="settings-form__buttons">
        <button
          type="submit"
          className="button button--primary"
          disabled={!changed || saving}
          data-testid="settings-save"
        >
          {saving ? 'Saving…' : 'Save'}
        </button>
        <span className="muted">Empty a field to go back to its default.</span>
      </div>
    </form>
  );
}

function SettingRow({
  field,
  settings,
  text,
  error,
  onChange,
}: {
  field: SettingField;
  settings: LabSettings;
  text: string;
  error: string | undefined;
  onChange: (text: string) => void;
}) {
  const setting = settings[field.key];
  const mode = settingMode(settings, field);
  const following = followsOther(settings, field);
  const effective = String(setting.value);
  const inputId = `setting-${field.key}`;
  const errorId = `settings-${field.key}-error`;
  const followedLabel = settingFields.find((f) => f.key === field.follows)?.label;

  return (
    <div className="setting-row" data-setting={field.key}>
      <label className="setting-row__label" htmlFor={inputId}>
        {field.label}
      </label>
      <div className="setting-row__value">
        <input
          id={inputId}
          className={field.kind === 'count' ? 'input setting-row__count' : 'input mono setting-row__url'}
          type={field.kind === 'count' ? 'number' : 'url'}
          {...(field.kind === 'count' ? { min: 1, max: 32, step: 1 } : {})}
          spellCheck={false}
          readOnly={mode === 'env'}
          value={mode === 'env' ? effective : text}
          // Empty means "not stored": the default, or the setting this one follows. A stored value's
          // default is not known here, so the placeholder says what emptying does instead.
          placeholder={setting.source === 'stored' && !following ? 'empty = default' : effective}
          onChange={(e) => onChange(e.target.value)}
          data-testid={`settings-${field.key}`}
          data-source={setting.source}
          data-effective={effective}
          {...errorProps(errorId, error)}
        />
        <span
          className={`source-badge source-badge--${setting.source}`}
          data-testid={`settings-${field.key}-source`}
          data-value={setting.source}
        >
          {following ? `follows ${followedLabel ?? field.follows}` : SOURCE_TEXT[setting.source]}
        </span>
      </div>
      <p className="setting-row__help muted">
        {field.help}{' '}
        {mode === 'env' && (
          <>
            Set by <code className="mono">{field.envName}</code> for this launch: read-only here; unset the
            variable to edit it.
          </>
        )}
      </p>
      <FieldError id={errorId} message={error} />
    </div>
  );
}
