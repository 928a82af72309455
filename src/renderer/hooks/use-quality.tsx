import { useEffect, useRef, useState } from 'react';
import type { JobKind, QualityReport } from '../../shared/contract/index.js';
import { errorText } from '../lib/error-text.js';
import { BAR_JOB_KINDS, isEndEvent } from '../lib/job-pick.js';
import { throttle } from '../lib/throttle.js';
import { useConnectionEpoch, useLab, useLabEvent } from '../transport/lab-context.js';

export interface QualityState {
  reports: QualityReport[];
  loaded: boolean;
  error: string | null;
}

/** Jobs whose end may have changed the reports: the report job itself and everything that stores bars. */
const REFRESHING_KINDS: readonly JobKind[] = ['compute-quality', ...BAR_JOB_KINDS];

/** A fetch commits file by file and says so each time; re-read the reports at most this often. */
const REFRESH_THROTTLE_MS = 2000;

/**
 * The stored quality reports, re-read on `coverage.changed`, when a job that computes reports or
 * stores bars ends, and after each reconnect.
 */
export function useQuality(): QualityState {
  const { api } = useLab();
  const epoch = useConnectionEpoch();
  const [changes, setChanges] = useState(0);
  const [state, setState] = useState<QualityState>({ reports: [], loaded: false, error: null });

  const bump = useRef(throttle(() => setChanges((n) => n + 1), REFRESH_THROTTLE_MS));
  useEffect(() => () => bump.current.cancel(), []);

  useLabEvent((event) => {
    if (event.type === 'coverage.changed') bump.current();
    else if (isEndEvent(event.type) && REFRESHING_KINDS.includes(event.job.kind)) bump.current();
  });

  useEffect(() => {
    if (epoch === 0) return;
    let current = true;
    api.getQualityReports({}).then(
      (reports) => current && setState({ reports, loaded: true, error: null }),
      (err: unknown) => current && setState((s) => ({ ...s, error: errorText(err) })),
    );
    return () => {
      current = false;
    };
  }, [api, epoch, changes]);

  return state;
}
