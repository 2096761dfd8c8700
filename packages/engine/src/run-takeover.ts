/**
 * Taking a run up: what a controller does before scheduling when it starts a run made by
 * `Engine.retryFrom` (copy results from the old run) or `Engine.testStep` (copy upstream results,
 * start the tested step), or resumes one after a restart or takeover (§6.10 recovery).
 */
import type { RunContext } from './run-context';
import type { StepAttempts } from './step-attempt';
import { STEP_TEST, stepTestOf, upstreamOf } from './step-test';

/** A run made by `Engine.retryFrom`: keep the results of steps not downstream of the chosen one. */
export async function copyFromRetriedRun(run: RunContext): Promise<void> {
  const t = run.state.trigger as { type?: string; runId?: string; fromStepId?: string } | null;
  if (t?.type !== 'retry' || !t.runId || !t.fromStepId) return;
  const again = new Set<string>([t.fromStepId]);
  const work = [t.fromStepId];
  while (work.length > 0) {
    for (const d of run.dependents.get(work.pop() as string) ?? []) {
      if (again.has(d)) continue;
      again.add(d);
      work.push(d);
    }
  }
  const old = await run.host.store.getSteps(t.runId as never);
  for (const rec of old) {
    if (again.has(rec.stepId) || !run.state.steps[rec.stepId]) continue;
    if (rec.status === 'SUCCESS') {
      run.emit('step.succeeded', rec.stepId, {
        output: rec.output ?? null,
        ...(rec.port !== undefined && { port: rec.port }),
        attempts: rec.attempts,
        copiedFrom: t.runId,
      });
    } else if (rec.status === 'SKIPPED')
      run.emit('step.skipped', rec.stepId, { reason: 'copied', copiedFrom: t.runId });
  }
}

/**
 * A run made by `Engine.testStep`: copy the results of the tested step's upstream steps from the
 * tested run, skip every other step, and start the tested step (past its `if` and breakpoints) with
 * the edited input. Nothing else runs: its dependents are already SKIPPED when it ends. Only
 * steps still PENDING are touched, so it also completes a step test taken over after a crash.
 */
export async function beginStepTest(run: RunContext, steps: StepAttempts): Promise<void> {
  const t = stepTestOf(run.state.trigger);
  if (!t || !run.state.steps[t.stepId]) return;
  const upstream = new Set(upstreamOf(run.wf.steps, t.stepId));
  const old = new Map((await run.host.store.getSteps(t.runId)).map((r) => [r.stepId, r]));
  if (run.dead) return;
  for (const id of run.stepIds) {
    if (id === t.stepId || run.rec(id).status !== 'PENDING') continue;
    const rec = upstream.has(id) ? old.get(id) : undefined;
    const from = { copiedFrom: t.runId };
    if (rec?.status === 'SUCCESS')
      run.emit('step.succeeded', id, {
        output: rec.output ?? null,
        ...(rec.port !== undefined && { port: rec.port }),
        attempts: rec.attempts,
        ...from,
      });
    else if (rec?.status === 'FAILED')
      run.emit('step.failed', id, {
        error: rec.error ?? { code: 'BLOCK_ERROR', message: 'failed' },
        ...from,
      });
    else if (rec?.status === 'CANCELLED')
      run.emit('step.cancelled', id, { ...(rec.error && { error: rec.error }), ...from });
    else run.emit('step.skipped', id, { reason: rec ? 'copied' : STEP_TEST, ...(rec && from) });
  }
  if (run.rec(t.stepId).status === 'PENDING' && !run.busy.has(t.stepId))
    steps.launch(t.stepId, { passed: true, attempt: 1, ...(t.input && { input: t.input }) });
}

/** §6.10 recovery: re-make running attempts (same number), re-arm timers, look at child runs again. */
export function recover(
  run: RunContext,
  steps: StepAttempts,
  childEnded: (stepId: string, childRunId: string) => void,
): void {
  for (const rec of Object.values(run.state.steps)) {
    const id = rec.stepId;
    if (rec.status === 'RUNNING') {
      // At-least-once: the attempt that was running is made again with the same number, so the
      // block sees the same idempotency key.
      const p = run.progress(id);
      const test = stepTestOf(run.state.trigger);
      const input =
        test?.stepId === id
          ? test.input
          : p.passed && rec.input && typeof rec.input === 'object'
            ? (rec.input as Record<string, unknown>)
            : undefined;
      steps.launch(id, {
        passed: true,
        recovered: true,
        attempt: Math.max(1, rec.attempts),
        ...(input && { input }),
      });
    } else if (rec.status === 'WAITING') {
      const at = rec.wakeAt ?? run.now;
      switch (rec.waitReason) {
        case 'retry':
          run.armTimer(id, at, () => steps.launch(id, { passed: true, attempt: rec.attempts + 1 }));
          break;
        case 'repeat':
          run.armTimer(id, at, () => steps.launch(id, { passed: true, attempt: 1 }));
          break;
        case 'wait':
          run.armTimer(id, at, () => steps.wakeFromWait(id));
          break;
        case 'child': {
          const child = run.progress(id).childRunId;
          if (child) childEnded(id, child);
          if (rec.wakeAt !== undefined) run.armTimer(id, at, () => steps.wakeFromWait(id));
          break;
        }
        case 'approval':
          if (rec.wakeAt !== undefined) run.armTimer(id, at, () => steps.wakeFromWait(id));
          break;
        case 'breakpoint':
        case undefined:
          break;
      }
    }
  }
}
