/**
 * Packs a Float64Array column into a BLOB and back. Little-endian on every platform Tradelab runs
 * on (x64, arm64), so the bytes are the array's own memory: no per-value work either way.
 */
export function packColumn(values: Float64Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

export function unpackColumn(blob: Buffer): Float64Array {
  if (blob.byteLength % 8 !== 0) {
    throw new Error(
      `Corrupt bar chunk column: ${blob.byteLength} bytes is not a whole number of float64 values.`,
    );
  }
  // SQLite's buffer may not be 8-byte aligned; copy into an aligned one only when it is not.
  if (blob.byteOffset % 8 === 0) return new Float64Array(blob.buffer, blob.byteOffset, blob.byteLength / 8);
  const copy = new Float64Array(blob.byteLength / 8);
  new Uint8Array(copy.buffer).set(blob);
  return copy;
}
