/**
 * Turns the first Ctrl-C into a polite request (`onFirst`, e.g. cancel the job and wait for it) and
 * a second one into an immediate exit 130, for a user who does not want to wait. Returns the
 * function that removes the handler.
 */
export function onInterrupt(onFirst: () => void): () => void {
  let interrupted = false;
  const handler = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    onFirst();
  };
  process.on('SIGINT', handler);
  return () => process.off('SIGINT', handler);
}

/** Exit status of a command ended by Ctrl-C (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;
