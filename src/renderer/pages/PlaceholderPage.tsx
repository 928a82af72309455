import type { ReactNode } from 'react';

/** A page that is planned but not built: it says what will live here and nothing pretends to work. */
export function PlaceholderPage({
  id,
  title,
  comingWith,
  children,
}: {
  id: string;
  title: string;
  comingWith: string;
  children: ReactNode;
}) {
  return (
    <section className="page" data-testid={`page-${id}`}>
      <h1 className="page__title">{title}</h1>
      <div className="placeholder">
        <p className="placeholder__badge">Not built yet. {comingWith}</p>
        <div className="placeholder__body">{children}</div>
      </div>
    </section>
  );
}
