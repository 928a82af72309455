import { useCallback, useEffect, useState } from 'react';
import { hashArg, parseHash } from '../lib/hash-route.js';

/**
 * Routing by `#/page` (optionally `#/page/arg`, see parseHash): the server serves one index.html,
 * and hashes survive a reload and work the same under file:// (Electron) and http:// (server)
 * without a router package.
 */
export function useHashRoute<T extends string>(pages: readonly T[], fallback: T): [T, (page: T) => void] {
  const read = useCallback((): T => parseHash(window.location.hash, pages, fallback).page, [pages, fallback]);

  const [page, setPage] = useState<T>(read);

  useEffect(() => {
    const onChange = () => setPage(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, [read]);

  const go = useCallback((next: T) => {
    window.location.hash = `/${next}`;
    setPage(next);
  }, []);

  return [page, go];
}

/** The argument of the current hash route (`#/models/12` → "12"), kept current; null when none. */
export function useHashArg(): string | null {
  const [arg, setArg] = useState<string | null>(() => hashArg(window.location.hash));
  useEffect(() => {
    const onChange = () => setArg(hashArg(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return arg;
}
