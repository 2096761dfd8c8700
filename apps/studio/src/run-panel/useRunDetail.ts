/**
 * The watched run's stored details (inputs, outputs, each step's input/output/error), fetched again
 * whenever its live events move a status: outputs and errors show as they happen, not after a reload.
 */
import { useAsync, type AsyncState } from '../api/hooks';
import type { RunWithSteps } from '../api/router-types';
import { useDoc } from '../document/context';
import { progressKey } from './step-to-show';

export function useRunDetail(runId: string): AsyncState<RunWithSteps> {
  const key = useDoc((s) => progressKey(s.run?.status ?? '', s.runSteps));
  return useAsync((api) => api.getRun(runId), [runId, key]);
}
