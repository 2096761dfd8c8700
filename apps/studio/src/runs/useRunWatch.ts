/** Subscribes to a run's events and paints them on the document's run overlay. */
import { useEffect, useRef } from 'react';
import { useRunEvents } from '../api/subscriptions';
import type { RunStatus } from '../api/router-types';
import type { DocumentStore } from '../document/store';
import type { StepRunView } from '../document/run-slice';
import { nextFrame } from './next-frame';
import { applyStepEvent, runStatusOf } from './run-events';

interface Pending {
  steps: Record<string, StepRunView>;
  status: RunStatus | null;
  cancel: (() => void) | null;
}

/**
 * A burst of events (a finished run's whole log arrives at once: thousands of events on a long run)
 * is folded into one store update per animation frame (`nextFrame`: hidden tabs too), so the canvas paints once per frame, not
 * once per event.
 */
export function useRunWatch(store: DocumentStore, runId: string | null): void {
  const pending = useRef<Pending>({ steps: {}, status: null, cancel: null });
  useEffect(() => {
    const p = pending.current;
    p.steps = {};
    p.status = null;
    return () => {
      p.cancel?.();
      p.cancel = null;
      p.steps = {};
      p.status = null;
    };
  }, [store, runId]);
  useRunEvents(
    runId,
    (e) => {
      const p = pending.current;
      if (e.stepId) {
        const next = applyStepEvent(p.steps[e.stepId] ?? store.getState().runSteps[e.stepId], e);
        if (next) p.steps[e.stepId] = next;
      } else {
        const status = runStatusOf(e);
        if (status) p.status = status;
      }
      p.cancel ??= nextFrame(() => {
        p.cancel = null;
        const steps = p.steps;
        const status = p.status;
        p.steps = {};
        p.status = null;
        const s = store.getState();
        if (Object.keys(steps).length > 0) s.setStepRuns(steps);
        if (status) s.setRunStatus(status);
      });
    },
    (err) => store.getState().notify(`lost the run's live events: ${err.message}`),
    store,
  );
}
