/** The studio's sections, in every page head: workflows, and the operator's pages. */
import { href, type Route } from './router';

const LINKS: { label: string; route: Route }[] = [
  { label: 'Workflows', route: { page: 'workflows' } },
  { label: 'Dashboard', route: { page: 'dashboard', range: '24h' } },
];

export function NavLinks({ current }: { current?: Route['page'] }) {
  return (
    <nav className="nav-links" aria-label="Sections">
      {LINKS.map((l) => (
        <a key={l.label} href={href(l.route)} aria-current={l.route.page === current ? 'page' : undefined}>
          {l.label}
        </a>
      ))}
    </nav>
  );
}
