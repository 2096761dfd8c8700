/**
 * The one way a run starts from outside the engine: `runs.start` (studio, `weft runs start`),
 * webhooks and the trigger scheduler all call `startRun`. It answers the engine's `Result` — a
 * refusal (`INVALID_INPUT`, `WORKFLOW_NOT_FOUND`) is a value each entry point maps once: to tRPC
 * in errors.ts (`engineError`), to HTTP through that mapper, to a log line for triggers.
 */
import type { Result, StartRunError } from '@weft/engine';
import type { ApiHooks, RunEngine, StartedRun, StartRunRequest } from '../ports';

export type { StartedRun, StartRunError };

export async function startRun(
  deps: { engine: RunEngine; hooks: Pick<ApiHooks, 'runStarted'> },
  req: StartRunRequest,
): Promise<Result<StartedRun, StartRunError>> {
  const r = await deps.engine.startRun(req);
  if (r.ok && r.value.created)
    deps.hooks.runStarted?.({
      workflowId: req.workflowId,
      runId: r.value.runId,
      trigger: typeof req.trigger.type === 'string' ? req.trigger.type : 'api',
    });
  return r;
}
