/**
 * Sliding-window maximum or minimum with a monotonic deque over a preallocated ring (O(1) amortised
 * per bar, no allocation). Holds (bar index, value) pairs whose values decrease strictly from the
 * front (for 'min', increase strictly): a new value removes the held values it beats, so the front
 * is the window's extreme and, among equal extremes, the EARLIEST one (pivot detection relies on
 * that: the front is bar j exactly when bar j beats every earlier bar in the window and equals or
 * beats every later one).
 *
 * The minimum is kept as the maximum of negated values (negation is exact), so both share one path.
 * The ring's size is a power of two ≥ the window, so a slot is `position & mask` (head and tail only
 * grow). NaN values must not be pushed (they compare false and would stick); callers skip them and
 * track their own NaN windows.
 *
 * Snapshot layout: [size, then size × (index, value) from the front, zero-padded], 1 + 2·capacity.
 */
export class RollingExtreme {
  private readonly index: Float64Array;
  private readonly value: Float64Array;
  private readonly mask: number;
  private readonly sign: number;
  /** Position of the front; the back is tail − 1. */
  private head = 0;
  private tail = 0;

  constructor(
    readonly capacity: number,
    readonly kind: 'max' | 'min',
  ) {
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > 2 ** 24) {
      throw new Error(`RollingExtreme needs a window length from 1 to 2^24, got ${capacity}`);
    }
    const size = 2 ** Math.ceil(Math.log2(capacity));
    this.index = new Float64Array(size);
    this.value = new Float64Array(size);
    this.mask = size - 1;
    this.sign = kind === 'max' ? 1 : -1;
  }

  get empty(): boolean {
    return this.head === this.tail;
  }

  /** Drops held values older than bar `firstIndex` (the window's first bar). */
  evictBefore(firstIndex: number): void {
    while (this.head !== this.tail && this.index[this.head & this.mask] < firstIndex) this.head++;
  }

  /**
   * Adds bar `i` (indices must increase, and the caller evicts bars older than the window first,
   * so at most `capacity` values are held).
   */
  push(i: number, v: number): void {
    const key = this.sign * v;
    const mask = this.mask;
    let tail = this.tail;
    while (tail !== this.head && this.value[(tail - 1) & mask] < key) tail--;
    if (tail - this.head === this.capacity) {
      throw new Error(`RollingExtreme(${this.capacity}): bar ${i} pushed into a full window (evict first)`);
    }
    this.index[tail & mask] = i;
    this.value[tail & mask] = key;
    this.tail = tail + 1;
    if (this.head > 0x3fffffff) {
      // Keep positions small integers (they only grow); the slots stay where they are.
      const shift = this.head & ~mask;
      this.head -= shift;
      this.tail -= shift;
    }
  }

  /** The window's extreme (NaN when nothing is held). */
  front(): number {
    return this.head === this.tail ? Number.NaN : this.sign * this.value[this.head & this.mask];
  }

  /** Bar index of the extreme (its earliest occurrence); −1 when nothing is held. */
  frontIndex(): number {
    return this.head === this.tail ? -1 : this.index[this.head & this.mask];
  }

  get stateSize(): number {
    return 1 + 2 * this.capacity;
  }

  writeTo(state: Float64Array, offset: number): void {
    state.fill(0, offset, offset + this.stateSize);
    const size = this.tail - this.head;
    state[offset] = size;
    for (let k = 0; k < size; k++) {
      const slot = (this.head + k) & this.mask;
      state[offset + 1 + 2 * k] = this.index[slot];
      state[offset + 2 + 2 * k] = this.value[slot];
    }
  }

  readFrom(state: Float64Array, offset: number): void {
    const size = state[offset];
    if (!(Number.isInteger(size) && size >= 0 && size <= this.capacity)) {
      throw new Error(`RollingExtreme(${this.capacity}, ${this.kind}): state holds size ${size}`);
    }
    this.head = 0;
    this.tail = size;
    for (let k = 0; k < size; k++) {
      this.index[k] = state[offset + 1 + 2 * k];
      this.value[k] = state[offset + 2 + 2 * k];
    }
  }
}
