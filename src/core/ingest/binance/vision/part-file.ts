import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';

/** Bytes of a file on disk, 0 when it does not exist. */
export async function sizeOnDisk(file: string): Promise<number> {
  try {
    return (await fsp.stat(file)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
}

/** sha256 of a file, streamed (archives can be hundreds of MB). */
export async function sha256OfFile(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Flushes a file to the disk, so a rename that follows never exposes a file with missing bytes. */
export async function fsyncFile(file: string): Promise<void> {
  const handle = await fsp.open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes `text` to `file` through a temporary name: readers see the old file or the whole new one. */
export async function writeFileAtomically(file: string, text: string): Promise<void> {
  const temp = `${file}.part`;
  const handle = await fsp.open(temp, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fsp.rename(temp, file);
}
