import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { CoverageRow } from '../../shared/contract/index.js';
import { errorText } from '../lib/error-text.js';
import { BAR_JOB_KINDS, isEndEvent } from '../lib/job-pick.js';
import { throttle } from '../lib/throttle.js';
import { useConnectionEpoch, useLab, useLabEvent } from '../transport/lab-context.js';

interface CoverageState {
  rows: CoverageRow[];
  loaded: boolean;
  error: string | null;
  /**
   * Bumps whenever stored bars may have changed; views with their own coverage queries (the
   * heatmap) refetch on it.
   */
  version: number;
}

const CoverageContext = createContext<CoverageState | null>(null);

/** An import commits file by file and says so each time; refresh at most this often. */
const REFRESH_THROTTLE_MS = 1000;

/**
 * The coverage table for the whole app, refreshed on `coverage.changed`, when a job that stores bars
 * ends (its last commit may race the event) and after each reconnect.
 */
export function CoverageProvider({ children }: { children: ReactNode }) {
  const { api } = useLab();
  const epoch = useConnectionEpoch();
  const [changes, setChanges] = useState(0);
  const [rows, setRows] = useState<CoverageRow[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const bump = useRef(throttle(() => setChanges((n) => n + 1), REFRESH_THROTTLE_MS));
  useEffect(() => () => bump.current.cancel(), []);

  useLabEvent((event) => {
    const barJobEnded =
      event.type !== 'coverage.changed' && isEndEvent(event.type) && BAR_JOB_KINDS.includes(event.job.kind);
    if (event.type === 'coverage.changed' || barJobEnded) bump.current();
  });

  useEffect(() => {
    if (epoch === 0) return;
    let current = true;
    api.getCoverage({}).then(
      (next) => {
        if (!current) return;
        setRows(next);
        setLoaded(true);
        setError(null);
      },
      (err: unknown) => current && setError(errorText(err)),
    );
    return () => {
      current = false;
    };
  }, [api, epoch, changes]);

  const value = useMemo<CoverageState>(
    () => ({ rows, loaded, error, version: epoch * 1_000_000 + changes }),
    [rows, loaded, error, epoch, changes],
  );
  return <CoverageContext.Provider value={value}>{children}</CoverageContext.Provider>;
}

export function useCoverage(): CoverageState {
  const state = useContext(CoverageContext);
  if (!state) throw new Error('useCoverage() needs a <CoverageProvider> above it.');
  return state;
}
