import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { contentTypeFor } from './content-types.js';
import { sendText } from './send-text.js';

export const DASHBOARD_NOT_BUILT = 'Dashboard not built: run npm run build';

/**
 * Serves the built dashboard from `root`. Paths are decoded, resolved and required to stay inside
 * `root` (symlinks included), so `..` in any spelling cannot reach the rest of the disk. Paths
 * without a file extension that match no file get index.html: the dashboard routes on the client.
 */
export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  rawPath: string,
  root: string,
): Promise<void> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return sendText(res, 400, 'Bad request: the path is not valid percent-encoding.');
  }
  if (decoded.includes('\0')) return sendText(res, 400, 'Bad request: the path contains a NUL byte.');

  const realRoot = await realpath(root).catch(() => null);
  const indexFile = realRoot && path.join(realRoot, 'index.html');
  if (!indexFile || !(await isFile(indexFile))) return sendText(res, 503, DASHBOARD_NOT_BUILT);

  const requested = await realpath(path.resolve(realRoot, `.${decoded}`)).catch(() => null);
  if (requested !== null && !isInside(realRoot, requested)) return sendText(res, 404, 'Not found.');
  if (requested !== null && (await isFile(requested)))
    return sendFile(req, res, requested, cacheControlFor(decoded));
  // A missing asset is a 404 (so a broken build shows up as one), a missing route is the app.
  if (path.extname(decoded) !== '') return sendText(res, 404, 'Not found.');
  return sendFile(req, res, indexFile, 'no-cache');
}

function isInside(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root + path.sep);
}

async function isFile(filePath: string): Promise<boolean> {
  return stat(filePath).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** Vite puts content-hashed files under /assets/: they never change, everything else may. */
function cacheControlFor(decodedPath: string): string {
  return decodedPath.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  filePath: string,
  cacheControl: string,
): Promise<void> {
  const info = await stat(filePath);
  res.statusCode = 200;
  res.setHeader('Content-Type', contentTypeFor(filePath));
  res.setHeader('Content-Length', info.size);
  res.setHeader('Cache-Control', cacheControl);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await new Promise<void>((resolve) => {
    const stream = createReadStream(filePath);
    stream.on('error', () => {
      res.destroy();
      resolve();
    });
    res.on('close', resolve);
    stream.pipe(res);
  });
}
