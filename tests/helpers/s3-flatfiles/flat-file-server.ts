import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { tempDir } from '../paths.js';
import { dayAggsCsv, dayKey, gzipText, minuteAggsCsv, minuteKey } from './flat-file-format.js';
import type { SourceMinute } from './source-minutes.js';

/** The one access key id s3rver accepts (its built-in account); any other is refused with 403. */
export const S3RVER_ACCESS_KEY = 'S3RVER';
/**
 * s3rver does not verify Signature V4, so the secret is not checked: the tests use a distinctive
 * one to search for in the database and logs. Wrong credentials = a wrong access key id.
 */
export const TEST_SECRET_KEY = 'tl-test-secret-Q7vX2pLm9cKd';

export interface RecordedRequest {
  method: string;
  url: string;
  /** HTTP status, or -1 when the client went away first (a cancelled download). */
  status: number;
}

export interface Fault {
  /** Part of the decoded request URL, e.g. a key, a date, or `list-type=2` for listings. */
  match: string;
  /** Answer with this status (an S3 XML error) instead of the object. */
  status?: number;
  /** Hold the answer this long. */
  delayMs?: number;
  /** How many requests it hits (default: all). */
  times?: number;
}

export interface FlatFileServer {
  endpoint: string;
  /** Creates a bucket (each test scenario uses its own, so they never see each other's files). */
  createBucket(name: string): Promise<void>;
  put(bucket: string, key: string, body: Buffer): Promise<void>;
  remove(bucket: string, key: string): Promise<void>;
  /** Puts the minute and day files of each date, written from that date's real minutes. */
  putDays(bucket: string, days: Map<string, SourceMinute[]>, datasets?: ('minute' | 'day')[]): Promise<void>;
  /** Requests seen so far (PUTs of the setup included). */
  requests(): Promise<RecordedRequest[]>;
  setFaults(faults: Fault[]): Promise<void>;
  close(): Promise<void>;
}

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 's3rver-process.mjs');

/**
 * Starts s3rver on 127.0.0.1 (free port, silent, in a temp dir) in a child process run as
 * `node --openssl-legacy-provider s3rver-process.mjs`: its paged listings need DES, which Node only
 * has with the legacy provider, so the test process itself could not host it.
 */
export async function startFlatFileServer(): Promise<FlatFileServer> {
  const directory = tempDir('tradelab-s3rver-');
  const child: ChildProcess = spawn(process.execPath, ['--openssl-legacy-provider', script, directory], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`s3rver exited (${code}) before listening: ${stderr}`)));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: S3RVER_ACCESS_KEY, secretAccessKey: TEST_SECRET_KEY },
    maxAttempts: 1,
  });
  const put = async (bucket: string, key: string, body: Buffer) => {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  };

  return {
    endpoint,
    async createBucket(name) {
      await client.send(new CreateBucketCommand({ Bucket: name }));
    },
    put,
    async remove(bucket, key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    async putDays(bucket, days, datasets = ['minute', 'day']) {
      for (const [date, minutes] of days) {
        if (datasets.includes('minute')) await put(bucket, minuteKey(date), gzipText(minuteAggsCsv(minutes)));
        if (datasets.includes('day')) await put(bucket, dayKey(date), gzipText(dayAggsCsv(minutes)));
      }
    },
    async requests() {
      const response = await fetch(`${endpoint}/__control/requests`);
      return (await response.json()) as RecordedRequest[];
    },
    async setFaults(faults) {
      await fetch(`${endpoint}/__control/faults`, { method: 'POST', body: JSON.stringify(faults) });
    },
    async close() {
      client.destroy();
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
