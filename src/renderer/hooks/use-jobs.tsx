import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import type { Job } from '../../shared/contract/index.js';
import { errorText } from '../lib/error-text.js';
import { useConnectionEpoch, useLab, useLabEvent } from '../transport/lab-context.js';

interface JobsState {
  /** Newest first. */
  jobs: Job[];
  loaded: boolean;
  error: string | null;
  /** Puts a job fetched outside the stream (e.g. getJob after startImport) into the list. */
  upsert(job: Job): void;
  /** Adds a job only if the list does not have it yet (a getJob snapshot may be older than events). */
  seed(job: Job): void;
}

const JobsContext = createContext<JobsState | null>(null);

const LIST_LIMIT = 50;

/**
 * One list of jobs for the whole app (status bar, import panel, recent jobs): `listJobs` on each
 * connection, then kept current by `job.*` events.
 */
export function JobsProvider({ children }: { children: ReactNode }) {
  const { api } = useLab();
  const epoch = useConnectionEpoch();
  const [byId, setById] = useState<ReadonlyMap<number, Job>>(new Map());
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Ids changed by events while a listJobs call was in flight: their event copy is newer.
  const changedDuringList = useRef<Set<number> | null>(null);

  const upsert = useCallback((job: Job) => {
    changedDuringList.current?.add(job.id);
    setById((prev) => new Map(prev).set(job.id, job));
  }, []);

  const seed = useCallback((job: Job) => {
    setById((prev) => (prev.has(job.id) ? prev : new Map(prev).set(job.id, job)));
  }, []);

  useLabEvent((event) => {
    if (event.type !== 'coverage.changed') upsert(event.job);
  });

  useEffect(() => {
    if (epoch === 0) return;
    let current = true;
    const changed = new Set<number>();
    changedDuringList.current = changed;
    api.listJobs({ limit: LIST_LIMIT }).then(
      (list) => {
        if (!current) return;
        setById((prev) => {
          const next = new Map<number, Job>();
          for (const job of list) next.set(job.id, changed.has(job.id) ? (prev.get(job.id) ?? job) : job);
          for (const id of changed) if (!next.has(id) && prev.has(id)) next.set(id, prev.get(id)!);
          return next;
        });
        setLoaded(true);
        setError(null);
      },
      (err: unknown) => current && setError(errorText(err)),
    );
    return () => {
      current = false;
      if (changedDuringList.current === changed) changedDuringList.current = null;
    };
  }, [api, epoch]);

  const value = useMemo<JobsState>(
    () => ({ jobs: [...byId.values()].sort((a, b) => b.id - a.id), loaded, error, upsert, seed }),
    [byId, loaded, error, upsert, seed],
  );
  return <JobsContext.Provider value={value}>{children}</JobsContext.Provider>;
}

export function useJobs(): JobsState {
  const state = useContext(JobsContext);
  if (!state) throw new Error('useJobs() needs a <JobsProvider> above it.');
  return state;
}

export const isActiveJob = (job: Job): boolean => job.status === 'queued' || job.status === 'running';
