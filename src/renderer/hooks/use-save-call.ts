import { useCallback, useState } from 'react';
import { errorText } from '../lib/error-text.js';

/**
 * A settings form's save: `run(save)` marks it busy while `save` runs and keeps why it failed
 * ("Could not save `what`: …") until the next one; `savedAt` is when one last succeeded (ISO).
 */
export function useSaveCall(what: string) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    (save: () => Promise<unknown>) => {
      setBusy(true);
      setError(null);
      save()
        .catch((err: unknown) => setError(`Could not save ${what}: ${errorText(err)}`))
        .finally(() => setBusy(false));
    },
    [what],
  );
  return { busy, error, run };
}

/** When something was last saved (ISO, null until then) and the call that notes a save now. */
export function useSavedAt() {
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const noteSaved = useCallback(() => setSavedAt(new Date().toISOString()), []);
  return { savedAt, noteSaved };
}
