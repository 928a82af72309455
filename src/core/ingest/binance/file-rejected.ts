/** Why one input file was refused; `line` is set when a CSV row is at fault. Nothing of it is stored. */
export class FileRejected extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'FileRejected';
  }
}
