/**
 * A fixed-capacity ring of numbers, the last `capacity` values pushed, for the streaming twins of
 * rolling kernels (the batch kernels read the input arrays directly). Preallocated: pushing never
 * allocates. Snapshot layout: [length, head, values in storage order…], 2 + capacity numbers.
 */
export class RollingRing {
  private readonly buf: Float64Array;
  /** Slot the next push writes (the oldest value once the ring is full). */
  private head = 0;
  private filled = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new Error(`RollingRing needs a positive integer capacity, got ${capacity}`);
    }
    this.buf = new Float64Array(capacity);
  }

  get length(): number {
    return this.filled;
  }

  get full(): boolean {
    return this.filled === this.capacity;
  }

  /** Appends a value; returns the value it pushes out (NaN while the ring is not full yet). */
  push(value: number): number {
    const out = this.filled === this.capacity ? this.buf[this.head] : Number.NaN;
    this.buf[this.head] = value;
    this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
    if (this.filled < this.capacity) this.filled++;
    return out;
  }

  /** The k-th value from the oldest (0 = oldest held, length − 1 = newest). */
  at(k: number): number {
    let slot = this.head - this.filled + k;
    if (slot < 0) slot += this.capacity;
    return this.buf[slot];
  }

  /** The value pushed `back` pushes ago (0 = newest); NaN when the ring does not hold it. */
  fromNewest(back: number): number {
    if (back >= this.filled) return Number.NaN;
    let slot = this.head - 1 - back;
    if (slot < 0) slot += this.capacity;
    return this.buf[slot];
  }

  /** Numbers `writeTo` stores. */
  get stateSize(): number {
    return 2 + this.capacity;
  }

  writeTo(state: Float64Array, offset: number): void {
    state[offset] = this.filled;
    state[offset + 1] = this.head;
    state.set(this.buf, offset + 2);
  }

  readFrom(state: Float64Array, offset: number): void {
    const filled = state[offset];
    const head = state[offset + 1];
    if (!(filled >= 0 && filled <= this.capacity && head >= 0 && head < this.capacity)) {
      throw new Error(`RollingRing(${this.capacity}): state holds length ${filled} and head ${head}`);
    }
    this.filled = filled;
    this.head = head;
    this.buf.set(state.subarray(offset + 2, offset + 2 + this.capacity));
  }
}
