/**
 * The studio opened at its bare address (no `#/…`): a server that has runs lands on the dashboard,
 * as Grafana and Kestra users expect; a new server shows the home page that helps a newcomer start.
 * `#/` (the Workflows link) always shows the home page.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { useRecentRuns } from '../api/queries';
import { href } from './router';

const bare = (): boolean => window.location.hash === '' || window.location.hash === '#';

export function Landing({ children }: { children: ReactNode }) {
  const [opened] = useState(bare);
  const runs = useRecentRuns(1);
  const hasRuns = (runs.data?.length ?? 0) > 0;
  useEffect(() => {
    if (opened && hasRuns && bare()) window.location.replace(href({ page: 'dashboard', range: '24h' }));
  }, [opened, hasRuns]);
  // Cannot tell (signed out, server away): the home page, which explains itself.
  const decided = !opened || runs.error !== null || (runs.data !== undefined && !hasRuns);
  return decided ? <>{children}</> : <p className="loading">Loading…</p>;
}
