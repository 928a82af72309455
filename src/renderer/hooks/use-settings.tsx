import { useCallback, useEffect, useState } from 'react';
import type { LabSettings, SettingsPatch } from '../../shared/contract/index.js';
import { errorText } from '../lib/error-text.js';
import { useConnectionEpoch, useLab } from '../transport/lab-context.js';

export interface SettingsState {
  /** Effective settings with their sources; null until the first answer. */
  settings: LabSettings | null;
  /** Why loading failed, if it did. */
  error: string | null;
  /** Stores the patch and keeps the answer (the settings as they are now); rejects with the lab's error. */
  save(patch: SettingsPatch): Promise<LabSettings>;
}

/**
 * The lab's settings, loaded on each connection (a restarted server may run with other env
 * overrides). Each caller loads its own copy: the Settings page and the Data page (for the fetch
 * forms' default concurrency) are never on screen together.
 */
export function useSettings(): SettingsState {
  const { api } = useLab();
  const epoch = useConnectionEpoch();
  const [settings, setSettings] = useState<LabSettings | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (epoch === 0) return;
    let current = true;
    api.getSettings({}).then(
      (next) => {
        if (!current) return;
        setSettings(next);
        setError(null);
      },
      (err: unknown) => current && setError(errorText(err)),
    );
    return () => {
      current = false;
    };
  }, [api, epoch]);

  const save = useCallback(
    async (patch: SettingsPatch) => {
      const next = await api.updateSettings(patch);
      setSettings(next);
      setError(null);
      return next;
    },
    [api],
  );

  return { settings, error, save };
}
