/**
 * An S3-compatible server for the flat-file tests, run in its own process as
 * `node --openssl-legacy-provider s3rver-process.mjs <directory>`: s3rver encrypts ListObjectsV2
 * continuation tokens with DES, which Node 17+ only offers with the legacy OpenSSL provider (in the
 * test process itself, every paged listing would fail).
 *
 * In front of s3rver sits a thin wrapper that records every request (method, path, status) and can
 * inject faults, both driven over HTTP under `/__control/` (never a bucket name s3rver would take):
 * - GET  /__control/requests        → JSON list of the requests seen so far
 * - POST /__control/faults          → JSON body `[{ match, status?, delayMs?, times? }]` replaces the
 *   faults: a GET whose decoded URL (path and query) contains `match` is answered with `status`
 *   (an S3 XML error) or held `delayMs` before s3rver answers, `times` times (default: always).
 *
 * Credentials: s3rver knows one account with the fixed access key id `S3RVER`; any other key id is
 * refused with 403 InvalidAccessKeyId. It does not verify Signature V4, so the secret key is not
 * checked. The first line on stdout is `{"port":N}` once it listens on 127.0.0.1.
 */
import http from 'node:http';
import S3rver from 's3rver';

const directory = process.argv[2];
if (!directory) {
  process.stderr.write('usage: s3rver-process.mjs <directory>\n');
  process.exit(2);
}

const requests = [];
let faults = [];

const s3rver = new S3rver({ silent: true, directory, configureBuckets: [] });
const handle = s3rver.callback();

function readJson(req) {
  return new Promise((resolve, reject) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      try {
        resolve(text ? JSON.parse(text) : null);
      } catch (err) {
        reject(err);
      }
    });
    req.on('error', reject);
  });
}

function control(req, res) {
  if (req.method === 'GET' && req.url === '/__control/requests') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(requests));
    return;
  }
  if (req.method === 'POST' && req.url === '/__control/faults') {
    readJson(req).then(
      (body) => {
        faults = (body ?? []).map((f) => ({ ...f, left: f.times ?? Infinity }));
        res.writeHead(204);
        res.end();
      },
      (err) => {
        res.writeHead(400);
        res.end(String(err));
      },
    );
    return;
  }
  res.writeHead(404);
  res.end();
}

function faultFor(req) {
  if (req.method !== 'GET') return null;
  const url = decodeURIComponent(req.url);
  const fault = faults.find((f) => f.left > 0 && url.includes(f.match));
  if (fault) fault.left--;
  return fault ?? null;
}

const server = http.createServer((req, res) => {
  if (req.url.startsWith('/__control/')) return control(req, res);
  const entry = { method: req.method, url: req.url, status: 0 };
  requests.push(entry);
  res.on('finish', () => (entry.status = res.statusCode));
  res.on('close', () => (entry.status ||= -1));
  const fault = faultFor(req);
  if (fault?.status) {
    res.writeHead(fault.status, { 'content-type': 'application/xml' });
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InternalError</Code><Message>injected fault ${fault.status}</Message></Error>`,
    );
    return;
  }
  if (fault?.delayMs) {
    // Held like a slow link; a client that gives up (cancel) closes the socket and frees it.
    const timer = setTimeout(() => handle(req, res), fault.delayMs);
    res.on('close', () => clearTimeout(timer));
    return;
  }
  handle(req, res);
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
// Nothing to flush: the bucket lives in a temp dir the parent removes.
process.on('SIGTERM', () => process.exit(0));
