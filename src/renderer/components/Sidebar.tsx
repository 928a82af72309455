import { PAGES, type PageId } from '../pages/routes.js';

export function Sidebar({ page, onNavigate }: { page: PageId; onNavigate: (page: PageId) => void }) {
  return (
    <nav className="sidebar" aria-label="Pages">
      <div className="sidebar__brand">Tradelab</div>
      <ul className="sidebar__list">
        {PAGES.map((p) => (
          <li key={p.id}>
            <a
              href={`#/${p.id}`}
              className={p.id === page ? 'sidebar__link sidebar__link--active' : 'sidebar__link'}
              aria-current={p.id === page ? 'page' : undefined}
              data-testid={`nav-${p.id}`}
              onClick={(e) => {
                e.preventDefault();
                onNavigate(p.id);
              }}
            >
              {p.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
