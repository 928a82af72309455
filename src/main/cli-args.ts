/**
 * Value of `--data-dir` in an argv list (`--data-dir /path` or `--data-dir=/path`), or undefined.
 * Electron adds its own switches to argv (and a second instance passes its full argv), so anything
 * that is not our flag is ignored. The last occurrence wins. Pure, unit-tested.
 */
export function dataDirFlag(argv: readonly string[]): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--data-dir') {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        value = next;
        i++;
      }
    } else if (arg.startsWith('--data-dir=')) {
      value = arg.slice('--data-dir='.length) || undefined;
    }
  }
  return value;
}
