/** Where the server token survives a reload of the tab after it was removed from the URL. */
export const TOKEN_STORAGE_KEY = 'tradelab.token';

interface TokenPlace {
  location: { href: string };
  history: { state: unknown; replaceState(data: unknown, unused: string, url?: string): void };
  storage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}

/**
 * The headless server prints a URL with `?token=…`. Take the token from there, keep it in
 * sessionStorage (tab-scoped, so it dies with the tab), and remove it from the visible URL so it
 * does not end up in screenshots, bookmarks or the history list.
 */
export function takeServerToken({ location, history, storage }: TokenPlace): string | null {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_STORAGE_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return storage.getItem(TOKEN_STORAGE_KEY);
}

/** ws(s)://<host>/ws?token=… for the page's own origin. */
export function webSocketUrl(location: { protocol: string; host: string }, token: string | null): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  return `${scheme}://${location.host}/ws${query}`;
}
