/**
 * The watched run's stored details (inputs, outputs, each step's input/output/error), fetched again
 * whenever its live events move a status: outputs and errors show as they happen, not after a reload.
 */
import type { AsyncState } from '../api/hooks';
import { useRun, useRunLogs } from '../api/queries';
import type { RunEvent, RunWithSteps } from '../api/router-types';
import { useDoc } from '../document/context';
import { progressKey } from './step-to-show';

export function useRunDetail(runId: string): AsyncState<RunWithSteps> {
  const key = useDoc((s) => progressKey(s.run?.status ?? '', s.runSteps));
  return useRun(runId, key);
}

/** One step's log lines, fetched again when its status or attempts change. */
export function useStepLogs(runId: string, stepId: string): AsyncState<RunEvent[]> {
  const key = useDoc((s) => {
    const v = s.runSteps[stepId];
    return v ? `${v.status}:${v.attempts}` : '';
  });
  return useRunLogs(runId, stepId, key);
}
