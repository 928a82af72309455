import { useCallback, useState, type FormEvent } from 'react';
import type { LabSettings, SettingsPatch } from '../../../shared/contract/index.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { NotLoaded, SaveButtons, SavedNote } from '../../components/SettingsSave.js';
import { useSaveCall, useSavedAt } from '../../hooks/use-save-call.js';
import { useSettings } from '../../hooks/use-settings.js';
import type { FieldErrors } from '../../lib/form-result.js';
import {
  buildSettingsPatch,
  draftFromSettings,
  followsOther,
  settingFields,
  settingGroups,
  settingMode,
  settingText,
  type DataSourceKey,
  type SettingField,
  type SettingsDraft,
} from '../../lib/settings-form.js';
import { errorProps, FieldError } from './FieldError.js';

const SOURCE_TEXT = { env: 'environment', stored: 'stored', default: 'default' } as const;

const INPUT_TYPES = { url: 'url', count: 'number', bucket: 'text' } as const;

/**
 * Where market data comes from (Binance Data Vision, its listing and REST APIs; the Polygon / Massive
 * flat-file endpoint and bucket; Yahoo; CoinGecko), how many files are downloaded at once and which
 * stocks the forms start with, each with the source of its value. Shown on the Settings page; lives
 * with the data features it configures.
 */
export function DataSourceSettings() {
  const { settings, error, save } = useSettings();
  const { savedAt, noteSaved } = useSavedAt();
  const saveAndNote = useCallback(
    async (patch: SettingsPatch) => {
      const next = await save(patch);
      noteSaved();
      return next;
    },
    [save, noteSaved],
  );
  if (!settings) return <NotLoaded error={error} failure="Could not load the settings" />;
  return (
    <>
      {/* A new form whenever the lab's values change (a save, a reconnect): its draft starts from them. */}
      <SettingsForm key={JSON.stringify(settings)} settings={settings} save={saveAndNote} />
      <SavedNote savedAt={savedAt} testId="settings-saved">
        . Jobs started from now on use these values.
      </SavedNote>
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
  const [errors, setErrors] = useState<FieldErrors<DataSourceKey>>({});
  const saving = useSaveCall('the settings');
  const changed = settingFields.some((f) => draft[f.key].trim() !== initial[f.key].trim());

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const built = buildSettingsPatch(initial, draft);
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    setErrors({});
    // On success the parent remounts this form with the saved values (unless nothing changed).
    saving.run(() => save(built.params));
  };

  return (
    <form className="settings-form" onSubmit={submit} noValidate data-testid="settings-form">
      {settingGroups.map((group) => (
        <section key={group.id} className="settings-group" data-group={group.id}>
          <h3 className="settings-group__title">{group.title}</h3>
          {settingFields
            .filter((field) => field.group === group.id)
            .map((field) => (
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
        </section>
      ))}
      {errors.form && <ErrorNote message={errors.form} />}
      {saving.error && <ErrorNote message={saving.error} testId="settings-save-error" />}
      <SaveButtons
        label="Save"
        busy={saving.busy}
        disabled={!changed || saving.busy}
        testId="settings-save"
        hint="Empty a field to go back to its default."
      />
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
  const effective = settingText(setting.value);
  const inputId = `setting-${field.key}`;
  const errorId = `settings-${field.key}-error`;
  const followedLabel = settingFields.find((f) => f.key === field.follows)?.label;
  const inputProps = {
    id: inputId,
    spellCheck: false,
    readOnly: mode === 'env',
    value: mode === 'env' ? effective : text,
    // Empty means "not stored": the default, or the setting this one follows. A stored value's
    // default is not known here, so the placeholder says what emptying does instead.
    placeholder: setting.source === 'stored' && !following ? 'empty = default' : effective,
    'data-testid': `settings-${field.key}`,
    'data-source': setting.source,
    'data-effective': effective,
    ...errorProps(errorId, error),
  };

  return (
    <div className="setting-row" data-setting={field.key}>
      <label className="setting-row__label" htmlFor={inputId}>
        {field.label}
      </label>
      <div className="setting-row__value">
        {field.kind === 'tickers' ? (
          <textarea
            className="input mono setting-row__url"
            rows={3}
            onChange={(e) => onChange(e.target.value)}
            {...inputProps}
          />
        ) : (
          <input
            className={field.kind === 'count' ? 'input setting-row__count' : 'input mono setting-row__url'}
            type={INPUT_TYPES[field.kind]}
            {...(field.kind === 'count' ? { min: 1, max: 32, step: 1 } : {})}
            onChange={(e) => onChange(e.target.value)}
            {...inputProps}
          />
        )}
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
