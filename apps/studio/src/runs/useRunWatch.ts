/** Subscribes to a run's events and paints them on the document's run overlay. */
import { useRunEvents } from '../api/subscriptions';
import type { DocumentStore } from '../document/store';
import { applyStepEvent, runStatusOf } from './run-events';

export function useRunWatch(store: DocumentStore, runId: string | null): void {
  useRunEvents(
    runId,
    (e) => {
      const s = store.getState();
      if (e.stepId) {
        const next = applyStepEvent(s.runSteps[e.stepId], e);
        if (next) s.setStepRun(e.stepId, next);
        return;
      }
      const status = runStatusOf(e);
      if (status) s.setRunStatus(status);
    },
    (err) => store.getState().notify(`lost the run's live events: ${err.message}`),
    store,
  );
}
