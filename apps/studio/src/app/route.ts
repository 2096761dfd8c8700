/**
 * The studio's routes: `#/`, `#/local`, `#/secrets`, `#/templates`, `#/templates/<id>`, `#/learn`,
 * `#/learn/<lessonId>`, `#/admin/blocks`, `#/admin/settings`, `#/audit`, `#/workflows/<id>`,
 * `#/workflows/<id>/runs`, `#/runs` (the explorer, filters in the query), `#/runs/<runId>`,
 * `#/runs/<runId>?at=<seq>` (the run as it was at one event of its playback). Pure (no React, no
 * listeners): index.html's early script (yaml/early-preload.ts) reads the route with it too.
 */
export type Route =
  | { page: 'workflows' }
  | { page: 'secrets' }
  | { page: 'templates' }
  | { page: 'template'; templateId: string }
  | { page: 'learn' }
  | { page: 'lesson'; lessonId: string }
  | { page: 'admin-blocks' }
  | { page: 'admin-settings' }
  /** The audit log (admins). */
  | { page: 'audit' }
  | { page: 'dashboard'; range: '24h' | '7d' }
  | { page: 'schedules' }
  | { page: 'editor'; workflowId: string | null }
  | { page: 'runs'; workflowId: string }
  /** The runs explorer; `query` holds its filters (see ops/explorer-query.ts). */
  | { page: 'explorer'; query: string }
  | { page: 'run'; runId: string; at?: number }
  | { page: 'not-found'; path: string };

export function parseRoute(hash: string): Route {
  const full = hash.replace(/^#/, '') || '/';
  const q = full.indexOf('?');
  const path = q < 0 ? full : full.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : full.slice(q + 1));
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { page: 'workflows' };
  if (parts[0] === 'secrets' && parts.length === 1) return { page: 'secrets' };
  if (parts[0] === 'templates' && parts.length === 1) return { page: 'templates' };
  if (parts[0] === 'templates' && parts[1] && parts.length === 2)
    return { page: 'template', templateId: parts[1] };
  if (parts[0] === 'learn' && parts.length === 1) return { page: 'learn' };
  if (parts[0] === 'learn' && parts[1] && parts.length === 2) return { page: 'lesson', lessonId: parts[1] };
  if (parts[0] === 'admin' && parts[1] === 'blocks' && parts.length === 2) return { page: 'admin-blocks' };
  if (parts[0] === 'admin' && parts[1] === 'settings' && parts.length === 2)
    return { page: 'admin-settings' };
  if (parts[0] === 'audit' && parts.length === 1) return { page: 'audit' };
  if (parts[0] === 'dashboard' && parts.length === 1)
    return { page: 'dashboard', range: query.get('range') === '7d' ? '7d' : '24h' };
  if (parts[0] === 'schedules' && parts.length === 1) return { page: 'schedules' };
  if (parts[0] === 'local' && parts.length === 1) return { page: 'editor', workflowId: null };
  if (parts[0] === 'workflows' && parts[1]) {
    if (parts.length === 2) return { page: 'editor', workflowId: parts[1] };
    if (parts[2] === 'runs' && parts.length === 3) return { page: 'runs', workflowId: parts[1] };
  }
  if (parts[0] === 'runs' && parts.length === 1) return { page: 'explorer', query: query.toString() };
  if (parts[0] === 'runs' && parts[1] && parts.length === 2) {
    const at = query.get('at');
    return at !== null && /^\d+$/.test(at)
      ? { page: 'run', runId: parts[1], at: Number(at) }
      : { page: 'run', runId: parts[1] };
  }
  return { page: 'not-found', path };
}

export function href(route: Route): string {
  switch (route.page) {
    case 'workflows':
      return '#/';
    case 'secrets':
      return '#/secrets';
    case 'templates':
      return '#/templates';
    case 'template':
      return `#/templates/${encodeURIComponent(route.templateId)}`;
    case 'learn':
      return '#/learn';
    case 'lesson':
      return `#/learn/${encodeURIComponent(route.lessonId)}`;
    case 'admin-blocks':
      return '#/admin/blocks';
    case 'admin-settings':
      return '#/admin/settings';
    case 'audit':
      return '#/audit';
    case 'dashboard':
      return route.range === '24h' ? '#/dashboard' : `#/dashboard?range=${route.range}`;
    case 'schedules':
      return '#/schedules';
    case 'editor':
      return route.workflowId ? `#/workflows/${encodeURIComponent(route.workflowId)}` : '#/local';
    case 'runs':
      return `#/workflows/${encodeURIComponent(route.workflowId)}/runs`;
    case 'explorer':
      return route.query ? `#/runs?${route.query}` : '#/runs';
    case 'run':
      return `#/runs/${encodeURIComponent(route.runId)}${route.at !== undefined ? `?at=${route.at}` : ''}`;
    case 'not-found':
      return `#${route.path}`;
  }
}
