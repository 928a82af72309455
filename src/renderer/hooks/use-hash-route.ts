import { useCallback, useEffect, useState } from 'react';

/**
 * Routing by `#/page`: the server serves one index.html, and hashes survive a reload and work the
 * same under file:// (Electron) and http:// (server) without a router package.
 */
export function useHashRoute<T extends string>(pages: readonly T[], fallback: T): [T, (page: T) => void] {
  const read = useCallback((): T => {
    const name = window.location.hash.replace(/^#\/?/, '');
    return (pages as readonly string[]).includes(name) ? (name as T) : fallback;
  }, [pages, fallback]);

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
