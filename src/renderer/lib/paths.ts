/**
 * The import field takes one path per line or a comma-separated list (pasting from a terminal or a
 * file manager gives either). Blank entries and duplicates are dropped, order is kept.
 */
export function parsePathList(text: string): string[] {
  const seen = new Set<string>();
  for (const part of text.split(/[\n\r,]+/)) {
    const path = part.trim();
    if (path) seen.add(path);
  }
  return [...seen];
}
