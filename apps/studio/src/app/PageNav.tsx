/** The header every page but the editor shares: the brand, the page's title, the sections, the session. */
import type { ReactNode } from 'react';
import { deniedReason, useSession } from '../auth/session';
import { SessionMenu } from '../auth/SessionMenu';
import { href, type Route } from './router';

/** `admin`: shown only to a session that may use it (every session when auth is off). */
const SECTIONS: readonly { label: string; route: Route; admin?: true }[] = [
  { label: 'Workflows', route: { page: 'workflows' } },
  { label: 'Dashboard', route: { page: 'dashboard', range: '24h' } },
  { label: 'Runs', route: { page: 'explorer', query: '' } },
  { label: 'Schedules', route: { page: 'schedules' } },
  { label: 'Templates', route: { page: 'templates' } },
  { label: 'Learn', route: { page: 'learn' } },
  { label: 'Secrets', route: { page: 'secrets' } },
  { label: 'Blocks', route: { page: 'admin-blocks' } },
  { label: 'Audit', route: { page: 'audit' }, admin: true },
  { label: 'Settings', route: { page: 'admin-settings' }, admin: true },
];

export function PageNav({
  title,
  current,
  children,
}: {
  title: string;
  current?: Route['page'];
  children?: ReactNode;
}) {
  const isAdmin = deniedReason(useSession().session, 'admin') === null;
  return (
    <header className="page-head">
      <a href="#/" className="brand">
        Weft
      </a>
      <h1>{title}</h1>
      <div className="spacer" />
      {children}
      <nav aria-label="Sections" className="page-nav">
        {SECTIONS.filter((s) => !s.admin || isAdmin).map((s) => (
          <a key={s.label} href={href(s.route)} aria-current={s.route.page === current ? 'page' : undefined}>
            {s.label}
          </a>
        ))}
      </nav>
      <SessionMenu />
    </header>
  );
}
