/**
 * Sliding-window maximum or minimum with a monotonic deque over a preallocated ring (O(1) amortised
 * per bar, no allocation). Holds (bar index, value) pairs whose values decrease strictly from the
 * front (for 'min', increase strictly): a new value removes the held values it beats, so the front
 * is the window's extreme and, among equal extremes, the EARLIEST one (pivot detection relies on
 * that: the front is bar j exactly when bar j beats every earlier bar in the window and equals or
 * beats every later one).
 *
 * The minimum is kept as the maximum of negated values (negation is exact), so both share one path.
 * NaN values must not be pushed (they compare false and would stick); callers skip them and track
 * their own NaN windows.
 *
 * Snapshot layout: [size, then size × (index, value) from the front, zero-padded], 1 + 2·capacity.
 */
export class RollingExtreme {
  private readonly index: Float64Array;
  private readonly value: Float64Array;
  private readonly sign: number;
  private head = 0;
  private size = 0;

  constructor(
    readonly capacity: number,
    readonly kind: 'max' | 'min',
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new Error(`RollingExtreme needs a positive integer capacity (window length), got ${capacity}`);
    }
    this.index = new Float64Array(capacity);
    this.value = new Float64Array(capacity);
    this.sign = kind === 'max' ? 1 : -1;
  }

  get empty(): boolean {
    return this.size === 0;
  }

  /** Drops held values older than bar `firstIndex` (the window's first bar). */
  evictBefore(firstIndex: number): void {
    while (this.size > 0 && this.index[this.head] < firstIndex) {
      this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
      this.size--;
    }
  }

  /**
   * Adds bar `i` (indices must increase, and the caller evicts bars older than the window first,
   * so at most `capacity` values are held).
   */
  push(i: number, v: number): void {
    const key = this.sign * v;
    let back = this.head + this.size - 1;
    if (back >= this.capacity) back -= this.capacity;
    while (this.size > 0 && this.value[back] < key) {
      this.size--;
      back = back === 0 ? this.capacity - 1 : back - 1;
    }
    let slot = back + 1;
    if (slot === this.capacity) slot = 0;
    if (this.size === 0) {
      this.head = 0;
      slot = 0;
    } else if (this.size === this.capacity) {
      throw new Error(`RollingExtreme(${this.capacity}): bar ${i} pushed into a full window (evict first)`);
    }
    this.index[slot] = i;
    this.value[slot] = key;
    this.size++;
  }

  /** The window's extreme (NaN when nothing is held). */
  front(): number {
    return this.size === 0 ? Number.NaN : this.sign * this.value[this.head];
  }

  /** Bar index of the extreme (its earliest occurrence); −1 when nothing is held. */
  frontIndex(): number {
    return this.size === 0 ? -1 : this.index[this.head];
  }

  get stateSize(): number {
    return 1 + 2 * this.capacity;
  }

  writeTo(state: Float64Array, offset: number): void {
    state.fill(0, offset, offset + this.stateSize);
    state[offset] = this.size;
    let slot = this.head;
    for (let k = 0; k < this.size; k++) {
      state[offset + 1 + 2 * k] = this.index[slot];
      state[offset + 2 + 2 * k] = this.value[slot];
      slot = slot + 1 === this.capacity ? 0 : slot + 1;
    }
  }

  readFrom(state: Float64Array, offset: number): void {
    const size = state[offset];
    if (!(Number.isInteger(size) && size >= 0 && size <= this.capacity)) {
      throw new Error(`RollingExtreme(${this.capacity}, ${this.kind}): state holds size ${size}`);
    }
    this.head = 0;
    this.size = size;
    for (let k = 0; k < size; k++) {
      this.index[k] = state[offset + 1 + 2 * k];
      this.value[k] = state[offset + 2 + 2 * k];
    }
  }
}
