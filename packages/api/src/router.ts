import { auditRouter } from './routers/audit';
import { authRouter } from './routers/auth';
import { blocksRouter } from './routers/blocks';
import { catalogRouter } from './routers/catalog';
import { dashboardRouter } from './routers/dashboard';
import { debugRouter } from './routers/debug';
import { notificationsRouter } from './routers/notifications';
import { retentionRouter } from './routers/retention';
import { runsRouter } from './routers/runs';
import { secretsRouter } from './routers/secrets';
import { templatesRouter } from './routers/templates';
import { tokensRouter } from './routers/tokens';
import { triggersRouter } from './routers/triggers';
import { workflowsRouter } from './routers/workflows';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { router } from './trpc';

/** The whole API, mounted at `/api/trpc`. */
export const appRouter = router({
  workflows: workflowsRouter,
  runs: runsRouter,
  debug: debugRouter,
  catalog: catalogRouter,
  secrets: secretsRouter,
  templates: templatesRouter,
  auth: authRouter,
  tokens: tokensRouter,
  blocks: blocksRouter,
  audit: auditRouter,
  dashboard: dashboardRouter,
  retention: retentionRouter,
  triggers: triggersRouter,
  notifications: notificationsRouter,
});

/** Import with `import type { AppRouter } from '@weft/api'` in clients. */
export type AppRouter = typeof appRouter;

/** What each procedure takes, as a client sends it (`RouterInputs['runs']['start']`). */
export type RouterInputs = inferRouterInputs<AppRouter>;
/** What each procedure answers, as a client receives it (JSON: times are epoch ms). */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
