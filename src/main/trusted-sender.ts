/** Where the dashboard is allowed to come from: the dev server in development, else our own file. */
export interface RendererOrigin {
  /** `ELECTRON_RENDERER_URL` when running under `electron-vite dev`. */
  devServerUrl?: string;
  /** file:// URL of out/renderer/index.html. */
  indexFileUrl: string;
}

/**
 * Whether an IPC message comes from our own renderer. Only the dev server's origin or exactly our
 * index.html (any hash or query, which client-side routing may add) is trusted; anything else
 * (another file, a remote page, an iframe with an unexpected URL, a destroyed frame) is refused.
 * Pure: no Electron import, unit-tested.
 */
export function isTrustedRendererUrl(url: string | undefined, origin: RendererOrigin): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (origin.devServerUrl) {
    const dev = new URL(origin.devServerUrl);
    if (parsed.origin === dev.origin && (parsed.protocol === 'http:' || parsed.protocol === 'https:')) {
      return true;
    }
  }
  if (parsed.protocol !== 'file:') return false;
  const index = new URL(origin.indexFileUrl);
  return (
    parsed.host === index.host && decodeURIComponent(parsed.pathname) === decodeURIComponent(index.pathname)
  );
}
