/** The message to show for anything a call rejected with. */
export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
