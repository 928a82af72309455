import crypto from 'node:crypto';

export function sha256Hex(data: Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/**
 * Parses a Binance `.CHECKSUM` file: `<sha256><two spaces><file name>`, with or without a final
 * newline. Returns the lowercase hex digest.
 */
export function parseChecksumFile(text: string, checksumPath: string): string {
  const match = /^\s*([0-9a-fA-F]{64})\b/.exec(text);
  if (!match) throw new Error(`${checksumPath}: not a CHECKSUM file (expected a sha256 hex digest first)`);
  return match[1].toLowerCase();
}
