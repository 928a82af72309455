/**
 * A flat file whose content cannot be trusted (corrupt gzip, bad header, a malformed row): nothing
 * from it is stored. `line` is the 1-based line of the decompressed CSV (the header is line 1).
 */
export class FlatFileRejected extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'FlatFileRejected';
  }
}
