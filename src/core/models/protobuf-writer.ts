/**
 * A minimal protocol-buffers encoder: just what the ONNX export needs (varints, length-delimited
 * bytes/strings/messages, fixed32 floats, packed repeated int64). Hand-written so the export needs
 * no generated code and no extra npm package; the field numbers live in onnx-export.ts.
 *
 * Messages are built bottom-up: a sub-message is encoded to bytes first, then embedded with its
 * length, which is how protobuf frames nested messages anyway.
 */

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

const TWO_POW_64 = 1n << 64n;
const INT64_MIN = -(1n << 63n);
const UINT64_MAX = TWO_POW_64 - 1n;

/** Appends fields to a growing buffer; `finish()` returns the message's bytes. */
export class ProtoWriter {
  private buf = new Uint8Array(256);
  private len = 0;

  /** Varint field (int32, int64, uint64, enum, bool). Negative values take ten bytes (two's complement), as protobuf specifies. */
  int(field: number, value: number | bigint): this {
    this.tag(field, WIRE_VARINT);
    this.varint(value);
    return this;
  }

  /** `float` field (fixed32, little-endian). */
  float(field: number, value: number): this {
    this.tag(field, WIRE_FIXED32);
    this.reserve(4);
    new DataView(this.buf.buffer, this.buf.byteOffset + this.len, 4).setFloat32(0, value, true);
    this.len += 4;
    return this;
  }

  /** `double` field (fixed64, little-endian). */
  double(field: number, value: number): this {
    this.tag(field, WIRE_FIXED64);
    this.reserve(8);
    new DataView(this.buf.buffer, this.buf.byteOffset + this.len, 8).setFloat64(0, value, true);
    this.len += 8;
    return this;
  }

  /** `string` field, UTF-8. */
  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  /** `bytes` field, or an embedded message already encoded. */
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.varint(value.length);
    this.raw(value);
    return this;
  }

  /** Embedded message: `build` fills a fresh writer whose bytes become this field. */
  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  /** Packed `repeated int64` (proto3's default encoding for repeated scalars). */
  packedInts(field: number, values: readonly (number | bigint)[]): this {
    const inner = new ProtoWriter();
    for (const v of values) inner.varint(v);
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }

  /** A base-128 varint of an integer in [−2^63, 2^64); throws on anything else (a silent wrap would corrupt the file). */
  varint(value: number | bigint): void {
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value))
        throw new RangeError(`protobuf varint: ${value} is not a safe integer (pass a bigint)`);
      if (value >= 0 && value < 0x80000000) {
        // Fast path: 31-bit values fit JS bit operations.
        this.reserve(5);
        while (value > 0x7f) {
          this.buf[this.len++] = (value & 0x7f) | 0x80;
          value >>>= 7;
        }
        this.buf[this.len++] = value;
        return;
      }
      value = BigInt(value);
    }
    if (value < INT64_MIN || value > UINT64_MAX)
      throw new RangeError(`protobuf varint: ${value} is outside the 64-bit range`);
    let v = value < 0n ? value + TWO_POW_64 : value;
    this.reserve(10);
    while (v > 0x7fn) {
      this.buf[this.len++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.len++] = Number(v);
  }

  private tag(field: number, wire: number): void {
    if (!Number.isInteger(field) || field < 1 || field > 536_870_911)
      throw new RangeError(`protobuf field number ${field} is out of range`);
    this.varint(field * 8 + wire);
  }

  private raw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }

  private reserve(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
}
