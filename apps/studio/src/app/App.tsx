/** Routes to the pages; provides the server API and, behind the sign-in gate, the session. */
import { lazy, Suspense, useMemo } from 'react';
import { createClient, type ApiClient } from '../api/client';
import { ApiContext } from '../api/context';
import { BlocksAdmin } from '../admin/blocks/BlocksAdmin';
import { AuthGate } from '../auth/AuthGate';
import { EditorPage } from '../pages/EditorPage';
import { GalleryPage } from '../gallery/GalleryPage';
import { TemplatePage } from '../gallery/TemplatePage';
import { Landing } from './Landing';
import { LessonPage } from '../lessons/LessonPage';
import { LessonsPage } from '../lessons/LessonsPage';
import { RunPage } from '../pages/RunPage';
import { RunsPage } from '../pages/RunsPage';
import { SecretsPage } from '../pages/SecretsPage';
import { WorkflowsPage } from '../pages/WorkflowsPage';
import { useRoute } from './router';

// The ops pages load on first visit (uPlot and their code stay out of the editor's first paint).
const DashboardPage = lazy(() => import('../ops/DashboardPage').then((m) => ({ default: m.DashboardPage })));
const RunsExplorerPage = lazy(() =>
  import('../ops/RunsExplorerPage').then((m) => ({ default: m.RunsExplorerPage })),
);
const AuditPage = lazy(() => import('../admin/audit/AuditPage').then((m) => ({ default: m.AuditPage })));
const SettingsPage = lazy(() =>
  import('../admin/settings/SettingsPage').then((m) => ({ default: m.SettingsPage })),
);
const SchedulesPage = lazy(() => import('../ops/SchedulesPage').then((m) => ({ default: m.SchedulesPage })));

export function App({ client: given }: { client?: ApiClient }) {
  const route = useRoute();
  const client = useMemo(() => given ?? createClient(), [given]);
  let page;
  switch (route.page) {
    case 'workflows':
      page = (
        <Landing>
          <WorkflowsPage />
        </Landing>
      );
      break;
    case 'secrets':
      page = <SecretsPage />;
      break;
    case 'templates':
      page = <GalleryPage />;
      break;
    case 'template':
      page = <TemplatePage key={route.templateId} templateId={route.templateId} />;
      break;
    case 'learn':
      page = <LessonsPage />;
      break;
    case 'lesson':
      page = <LessonPage key={route.lessonId} lessonId={route.lessonId} />;
      break;
    case 'admin-blocks':
      page = <BlocksAdmin />;
      break;
    case 'admin-settings':
      page = <SettingsPage />;
      break;
    case 'audit':
      page = <AuditPage />;
      break;
    case 'dashboard':
      page = <DashboardPage range={route.range} />;
      break;
    case 'schedules':
      page = <SchedulesPage />;
      break;
    case 'editor':
      page = <EditorPage key={route.workflowId ?? ':local'} workflowId={route.workflowId} />;
      break;
    case 'runs':
      page = <RunsPage workflowId={route.workflowId} />;
      break;
    case 'explorer':
      page = <RunsExplorerPage query={route.query} />;
      break;
    case 'run':
      page = <RunPage key={route.runId} runId={route.runId} at={route.at} />;
      break;
    case 'not-found':
      page = <NotFound path={route.path} />;
  }
  return (
    <ApiContext.Provider value={client}>
      <AuthGate>
        <Suspense fallback={<p className="loading">Loading…</p>}>{page}</Suspense>
      </AuthGate>
    </ApiContext.Provider>
  );
}

function NotFound({ path }: { path: string }) {
  return (
    <main className="page">
      <h1>Not found</h1>
      <p>
        Nothing at <code>{path}</code>. <a href="#/">Back to the workflows</a>.
      </p>
    </main>
  );
}
