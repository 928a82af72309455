/** `#/page/arg` → its page name and the argument after it (null when none). */
function splitHash(hash: string): { name: string; arg: string | null } {
  const [name, ...rest] = hash.replace(/^#\/?/, '').split('/');
  const arg = rest.join('/');
  return { name, arg: arg === '' ? null : decodeURIComponent(arg) };
}

/**
 * A `#/page/arg` hash split into its page (one of `pages`, else `fallback`) and the argument after
 * it, e.g. `#/models/12` → models, "12" (the model to show). Unknown pages fall back without an arg.
 */
export function parseHash<T extends string>(
  hash: string,
  pages: readonly T[],
  fallback: T,
): { page: T; arg: string | null } {
  const { name, arg } = splitHash(hash);
  if (!(pages as readonly string[]).includes(name)) return { page: fallback, arg: null };
  return { page: name as T, arg };
}

/** The argument of a hash route, whatever its page: `#/models/12` → "12". */
export const hashArg = (hash: string): string | null => splitHash(hash).arg;

/** The hash of a page with an argument: hashFor('models', 12) → "#/models/12". */
export function hashFor(page: string, arg?: string | number | null): string {
  return arg == null ? `#/${page}` : `#/${page}/${encodeURIComponent(String(arg))}`;
}
