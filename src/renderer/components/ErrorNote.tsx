/** An error the user should read, in place (not a toast that vanishes). */
export function ErrorNote({ message, testId }: { message: string; testId?: string }) {
  return (
    <div className="error-note" role="alert" data-testid={testId}>
      {message}
    </div>
  );
}
