/** Routes to the pages; provides the server API and, behind the sign-in gate, the session. */
import { lazy, Suspense, useEffect, useMemo } from 'react';
import { prefetchBlocks } from '../api/calls';
import { createClient, type ApiClient } from '../api/client';
import { ApiContext } from '../api/context';
import { AuthGate } from '../auth/AuthGate';
import { EditorPage, parseDraftSoon, preloadYamlPaneIfShown } from '../pages/EditorPage';
import { Landing } from './Landing';
import { useRoute } from './router';

// Every page but the editor loads on first visit: the editor's cold open parses and runs only its
// own code (uPlot, the run page's playback, the gallery and lessons stay out of its first chunk).
const WorkflowsPage = lazy(() =>
  import('../pages/WorkflowsPage').then((m) => ({ default: m.WorkflowsPage })),
);
const SecretsPage = lazy(() => import('../pages/SecretsPage').then((m) => ({ default: m.SecretsPage })));
const GalleryPage = lazy(() => import('../gallery/GalleryPage').then((m) => ({ default: m.GalleryPage })));
const TemplatePage = lazy(() => import('../gallery/TemplatePage').then((m) => ({ default: m.TemplatePage })));
const LessonsPage = lazy(() => import('../lessons/LessonsPage').then((m) => ({ default: m.LessonsPage })));
const LessonPage = lazy(() => import('../lessons/LessonPage').then((m) => ({ default: m.LessonPage })));
const BlocksAdmin = lazy(() =>
  import('../admin/blocks/BlocksAdmin').then((m) => ({ default: m.BlocksAdmin })),
);
const RunPage = lazy(() => import('../pages/RunPage').then((m) => ({ default: m.RunPage })));
const RunsPage = lazy(() => import('../pages/RunsPage').then((m) => ({ default: m.RunsPage })));
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
  const opensEditor = route.page === 'editor';
  useEffect(() => {
    if (!opensEditor) return;
    // With AuthGate's whoami (its effect runs first, in the same tick): one batched request.
    prefetchBlocks(client);
    preloadYamlPaneIfShown();
  }, [client, opensEditor]);
  // The local draft is parsed while that request is on its way (the editor takes it when it opens).
  const opensDraft = route.page === 'editor' && route.workflowId === null;
  useEffect(() => {
    if (opensDraft) parseDraftSoon();
  }, [opensDraft]);
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
