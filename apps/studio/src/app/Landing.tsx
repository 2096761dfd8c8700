/**
 * The studio opened at its bare address (no `#/…`): a server that has runs lands on the dashboard,
 * as Grafana and Kestra users expect; a new server shows the home page that helps a newcomer start.
 * `#/` (the Workflows link) always shows the home page.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { useApi } from '../api/hooks';
import { href } from './router';

const bare = (): boolean => window.location.hash === '' || window.location.hash === '#';

export function Landing({ children }: { children: ReactNode }) {
  const api = useApi();
  const [decided, setDecided] = useState(() => !bare());
  useEffect(() => {
    if (decided) return;
    let stopped = false;
    api.recentRuns(1).then(
      (runs) => {
        if (stopped) return;
        if (runs.length > 0 && bare()) window.location.replace(href({ page: 'dashboard', range: '24h' }));
        else setDecided(true);
      },
      // Cannot tell (signed out, server away): the home page, which explains itself.
      () => !stopped && setDecided(true),
    );
    return () => {
      stopped = true;
    };
  }, [api, decided]);
  return decided ? <>{children}</> : <p className="loading">Loading…</p>;
}
