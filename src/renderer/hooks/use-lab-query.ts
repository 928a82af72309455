import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobKind, LabApi } from '../../shared/contract/index.js';
import { errorText } from '../lib/error-text.js';
import { isEndEvent } from '../lib/job-pick.js';
import { useConnectionEpoch, useLab, useLabEvent } from '../transport/lab-context.js';

export interface LabQueryState<T> {
  /** The latest answer; null until the first one. */
  data: T | null;
  loaded: boolean;
  /** Why the latest load failed, if it did (the previous answer stays shown). */
  error: string | null;
  /** Loads again now (after a command that changed what the query reads). */
  reload: () => void;
  /** Puts an answer in place without asking (a command that returns the new state). */
  set: (data: T) => void;
}

/**
 * One lab query kept current: loaded on each connection, whenever `key` changes (the query's
 * inputs), and when a job of `refreshOnJobEnd` ends (news after a news fetch, snapshots after a
 * CoinGecko fetch). Answers to superseded loads are dropped.
 */
export function useLabQuery<T>(
  query: (api: LabApi) => Promise<T>,
  key: string,
  refreshOnJobEnd: readonly JobKind[] = [],
): LabQueryState<T> {
  const { api } = useLab();
  const epoch = useConnectionEpoch();
  const [reloads, setReloads] = useState(0);
  const [state, setState] = useState<{ data: T | null; loaded: boolean; error: string | null }>({
    data: null,
    loaded: false,
    error: null,
  });
  const latestQuery = useRef(query);
  useEffect(() => {
    latestQuery.current = query;
  });

  useLabEvent((event) => {
    if (
      event.type !== 'coverage.changed' &&
      isEndEvent(event.type) &&
      refreshOnJobEnd.includes(event.job.kind)
    ) {
      setReloads((n) => n + 1);
    }
  });

  useEffect(() => {
    if (epoch === 0) return;
    let current = true;
    latestQuery.current(api).then(
      (data) => current && setState({ data, loaded: true, error: null }),
      (err: unknown) => current && setState((s) => ({ ...s, error: errorText(err) })),
    );
    return () => {
      current = false;
    };
  }, [api, epoch, key, reloads]);

  const reload = useCallback(() => setReloads((n) => n + 1), []);
  const set = useCallback((data: T) => setState({ data, loaded: true, error: null }), []);
  return { ...state, reload, set };
}
