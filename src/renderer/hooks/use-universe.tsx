import { useEffect, useState } from 'react';
import type { UniverseSnapshot } from '../../shared/contract/index.js';
import { errorText } from '../lib/error-text.js';
import { isEndEvent } from '../lib/job-pick.js';
import { useConnectionEpoch, useLab, useLabEvent } from '../transport/lab-context.js';

export interface UniverseState {
  /** The latest snapshot; null when none was taken yet (or before the first answer). */
  snapshot: UniverseSnapshot | null;
  loaded: boolean;
  error: string | null;
}

/** The latest universe snapshot, re-read when a universe refresh ends and after each reconnect. */
export function useUniverse(): UniverseState {
  const { api } = useLab();
  const epoch = useConnectionEpoch();
  const [refreshes, setRefreshes] = useState(0);
  const [state, setState] = useState<UniverseState>({ snapshot: null, loaded: false, error: null });

  useLabEvent((event) => {
    if (
      event.type !== 'coverage.changed' &&
      isEndEvent(event.type) &&
      event.job.kind === 'refresh-universe'
    ) {
      setRefreshes((n) => n + 1);
    }
  });

  useEffect(() => {
    if (epoch === 0) return;
    let current = true;
    api.getUniverse({}).then(
      (snapshot) => current && setState({ snapshot, loaded: true, error: null }),
      (err: unknown) => current && setState((s) => ({ ...s, error: errorText(err) })),
    );
    return () => {
      current = false;
    };
  }, [api, epoch, refreshes]);

  return state;
}
